# A bounded queue hands work from a producer to a consumer: when the queue
# is full the producer waits, when it is empty the consumer waits.
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.05)


async def producer(queue):
    for i in range(6):
        cpu(0.01)
        await queue.put(i)
        print(f"put {i}, queue size {queue.qsize()}")
    await queue.put(None)


async def consumer(queue):
    while True:
        item = await queue.get()
        if item is None:
            break
        await disk.write(4096)
        print(f"    saved {item}")


async def main():
    queue = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(queue), consumer(queue))


asyncio.run(main())
