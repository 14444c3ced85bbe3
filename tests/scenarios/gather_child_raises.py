# when a gathered child raises, await gather raises at once but the other children keep running
import asyncio
from awaitscope import Device, cpu


async def worker(name, delay, fail=False):
    loop = asyncio.get_running_loop()
    await asyncio.sleep(delay)
    if fail:
        print(f"{loop.time():.3f} {name} raises")
        raise RuntimeError(f"{name} broke")
    print(f"{loop.time():.3f} {name} finished")
    return name


async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.gather(worker("slow", 3), worker("bad", 1, True), worker("mid", 2))
    except RuntimeError as e:
        print(f"{loop.time():.3f} main caught: {e}")
    await asyncio.sleep(5)
    print(f"{loop.time():.3f} main done")


asyncio.run(main())
