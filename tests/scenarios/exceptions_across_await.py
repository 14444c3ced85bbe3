# exceptions propagate up through nested awaits; except/else/finally run in order; raise from
import asyncio
from awaitscope import Device, cpu


async def deep(n):
    await asyncio.sleep(0.1)
    if n == 0:
        raise KeyError("bottom")
    return await deep(n - 1)

async def risky(flag):
    try:
        await asyncio.sleep(0.1)
        if flag:
            raise ValueError("flagged")
    except ValueError as e:
        print("risky caught", e)
        raise RuntimeError("wrapped") from e
    else:
        print("risky else")
        return "clean"
    finally:
        print("risky finally", flag)

async def main():
    loop = asyncio.get_running_loop()
    try:
        await deep(3)
    except KeyError as e:
        print(f"{loop.time():.3f} KeyError from 4 levels down: {e}")
    print(await risky(False))
    try:
        await risky(True)
    except RuntimeError as e:
        print("main caught", e)

asyncio.run(main())
