# cancelling a task queued on a Lock removes it from the line; the next waiter gets the lock
import asyncio
from awaitscope import Device, cpu


async def user(name, lock, hold):
    loop = asyncio.get_running_loop()
    try:
        async with lock:
            print(f"{loop.time():.3f} {name} acquired")
            await asyncio.sleep(hold)
        print(f"{loop.time():.3f} {name} released")
    except asyncio.CancelledError:
        print(f"{loop.time():.3f} {name} cancelled while waiting")


async def main():
    lock = asyncio.Lock()
    a = asyncio.create_task(user("a", lock, 2))
    b = asyncio.create_task(user("b", lock, 1))
    c = asyncio.create_task(user("c", lock, 1))
    await asyncio.sleep(1)
    b.cancel()
    results = await asyncio.gather(a, b, c, return_exceptions=True)
    print("results", [r is None for r in results])
    print("b cancelled?", b.cancelled(), "b done?", b.done())


asyncio.run(main())
