# put_nowait/get_nowait move items without waiting; get wakes waiters in FIFO order
import asyncio
from awaitscope import Device, cpu


async def getter(name, q):
    item = await q.get()
    print(name, "got", item)
    return item


async def main():
    q = asyncio.Queue()
    for word in "alpha beta gamma".split():
        q.put_nowait(word)
    print("qsize", q.qsize())
    print(q.get_nowait(), q.qsize())
    tasks = [asyncio.create_task(getter(f"g{i}", q)) for i in range(4)]
    await asyncio.sleep(0)
    print("after one iteration qsize", q.qsize())
    q.put_nowait("delta")
    q.put_nowait("epsilon")
    print("put two, qsize", q.qsize())
    results = await asyncio.gather(*tasks)
    print(results)


asyncio.run(main())
