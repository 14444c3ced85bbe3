# Task.cancel: the task sees CancelledError at its await, cancelled() turns True, awaiting it raises CancelledError
import asyncio
from awaitscope import Device, cpu


async def worker(loop):
    print(f"{loop.time():.3f} worker starts")
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(f"{loop.time():.3f} worker cancelled, cleaning up")
        await asyncio.sleep(0.5)
        print(f"{loop.time():.3f} cleanup done")
        raise
    return "never"


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(worker(loop))
    await asyncio.sleep(1)
    print("cancel() returns", t.cancel())
    print("right after cancel: done", t.done(), "cancelled", t.cancelled())
    try:
        await t
    except asyncio.CancelledError:
        print(f"{loop.time():.3f} awaiting it raised CancelledError")
    print("done", t.done(), "cancelled", t.cancelled())
    print("cancel() again returns", t.cancel())
    try:
        t.result()
    except asyncio.CancelledError:
        print("result() raises CancelledError too")


asyncio.run(main())
