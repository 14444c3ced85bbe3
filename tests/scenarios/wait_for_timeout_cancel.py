# wait_for cancels the slow coroutine on timeout; its except/finally run before TimeoutError reaches the caller
import asyncio
from awaitscope import Device, cpu


async def slow(loop):
    try:
        print(f"{loop.time():.3f} slow starts")
        await asyncio.sleep(5)
        print(f"{loop.time():.3f} slow finished its sleep")
        return "slow result"
    except asyncio.CancelledError:
        print(f"{loop.time():.3f} slow got CancelledError")
        raise
    finally:
        print(f"{loop.time():.3f} slow finally")


async def main():
    loop = asyncio.get_running_loop()
    try:
        result = await asyncio.wait_for(slow(loop), timeout=1.5)
        print(f"{loop.time():.3f} result {result}")
    except asyncio.TimeoutError as e:
        print(f"{loop.time():.3f} timed out, message [{e}]")
        print("is builtin TimeoutError:", isinstance(e, TimeoutError))
    print(asyncio.TimeoutError is TimeoutError)
    try:
        await asyncio.wait_for(slow(loop), 0.25)
    except TimeoutError:
        print(f"{loop.time():.3f} caught as builtin TimeoutError")
    value = await asyncio.wait_for(asyncio.sleep(1, result="quick"), timeout=2)
    print(f"{loop.time():.3f} in time: {value}")


asyncio.run(main())
