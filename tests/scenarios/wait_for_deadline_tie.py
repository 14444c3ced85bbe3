# wait_for's timeout timer is scheduled before the task's own timer, so a tie is a timeout
import asyncio
from awaitscope import Device, cpu


async def work(delay):
    loop = asyncio.get_running_loop()
    try:
        await asyncio.sleep(delay)
        print(f"{loop.time():.6f} work({delay}) completed its sleep")
        return delay
    except asyncio.CancelledError:
        print(f"{loop.time():.6f} work({delay}) cancelled")
        raise


async def attempt(delay, timeout):
    loop = asyncio.get_running_loop()
    try:
        r = await asyncio.wait_for(work(delay), timeout)
        print(f"{loop.time():.6f} ok {r}")
    except asyncio.TimeoutError:
        print(f"{loop.time():.6f} timeout (delay={delay}, timeout={timeout})")


async def main():
    await attempt(1, 1)
    await attempt(0.999999, 1)
    await attempt(1.0000004, 1)
    await attempt(0, 0)
    await attempt(0.5, -1)


asyncio.run(main())
