# wait_for with timeout=None awaits directly (no new task); a finished task returns at once
import asyncio
from awaitscope import Device, cpu


async def named(x):
    await asyncio.sleep(x)
    return asyncio.current_task().get_name()


async def main():
    loop = asyncio.get_running_loop()
    print("timeout=None runs in", await asyncio.wait_for(named(0.5), None))
    print("timeout=2 runs in", await asyncio.wait_for(named(0.5), 2))
    t = asyncio.create_task(named(0))
    await asyncio.wait([t])
    print("done task, timeout 0:", await asyncio.wait_for(t, 0))
    inner = asyncio.create_task(named(3))
    try:
        print("finished in time:", await asyncio.wait_for(inner, 1))
    except asyncio.TimeoutError:
        print(f"{loop.time():.3f} timed out; the awaited task is cancelled: {inner.cancelled()}")


asyncio.run(main())
