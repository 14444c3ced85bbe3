# a consumer waits on a queue nobody fills: every task waits, the run stops with a deadlock report (exit 3)
import asyncio
from awaitscope import Device, cpu


async def consumer(q):
    print("consumer waiting for an item")
    item = await q.get()
    print("got", item)


async def main():
    q = asyncio.Queue()
    task = asyncio.create_task(consumer(q), name="consumer")
    await asyncio.sleep(1)
    print("main waits for the consumer")
    await task


asyncio.run(main())
print("not reached")
