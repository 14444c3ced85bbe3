# asyncio.BoundedSemaphore is a Semaphore (a subclass, as in CPython) that refuses
# to be released above its initial value.
import asyncio
from awaitscope import Device

db = Device("database", latency=0.01)


async def query(sem, i):
    async with sem:
        print(f"{i} in, locked={sem.locked()}")
        await db.read(100)
    print(f"{i} out")


async def main():
    sem = asyncio.BoundedSemaphore(2)
    print(isinstance(sem, asyncio.Semaphore), isinstance(sem, asyncio.BoundedSemaphore))
    print(isinstance(asyncio.Semaphore(), asyncio.BoundedSemaphore))
    await asyncio.gather(*[query(sem, i) for i in range(5)])
    try:
        sem.release()
    except ValueError as e:
        print("ValueError:", e)
    await sem.acquire()
    sem.release()
    print(f"done at {asyncio.get_running_loop().time():.3f}")
    sem.relase()


asyncio.run(main())
