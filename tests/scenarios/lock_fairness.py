# async with Lock: one holder at a time, waiters acquire in the order they arrived
import asyncio
from awaitscope import Device, cpu


async def worker(name, lock, log):
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.3f} {name} wants the lock")
    async with lock:
        print(f"{loop.time():.3f} {name} has the lock")
        log.append(name)
        await asyncio.sleep(1)
    print(f"{loop.time():.3f} {name} released it")


async def main():
    lock = asyncio.Lock()
    log = []
    await asyncio.gather(*[worker(n, lock, log) for n in ["w1", "w2", "w3", "w4"]])
    print(log)


asyncio.run(main())
