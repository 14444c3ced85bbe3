# a bounded Queue: the producer blocks when it is full; join waits until every item is task_done
import asyncio
from awaitscope import Device, cpu


async def producer(q, n):
    loop = asyncio.get_running_loop()
    for i in range(n):
        await q.put(i)
        print(f"{loop.time():.3f} put {i} (qsize={q.qsize()})")
    print(f"{loop.time():.3f} producer done")


async def consumer(name, q, seen):
    loop = asyncio.get_running_loop()
    while True:
        item = await q.get()
        await asyncio.sleep(0.5)
        seen.append((name, item))
        print(f"{loop.time():.3f} {name} handled {item}")
        q.task_done()


async def main():
    q = asyncio.Queue(maxsize=2)
    print("maxsize", q.maxsize)
    seen = []
    workers = [asyncio.create_task(consumer(f"c{i}", q, seen)) for i in range(2)]
    await producer(q, 7)
    await q.join()
    print(f"{asyncio.get_running_loop().time():.3f} joined, qsize={q.qsize()}")
    for w in workers:
        w.cancel()
    print(seen)


asyncio.run(main())
