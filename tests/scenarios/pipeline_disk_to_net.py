# a two-stage pipeline through a bounded queue: disk reads feed network writes
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.005, bandwidth=50_000_000, parallel=1)
net = Device("net", latency=0.02, bandwidth=10_000_000, parallel=2)


async def reader(q, chunks):
    loop = asyncio.get_running_loop()
    for i, size in enumerate(chunks):
        await disk.read(size)
        await q.put((i, size))
        print(f"{loop.time() * 1000:8.3f} ms read chunk {i} ({size} B), queued {q.qsize()}")
    await q.put(None)


async def sender(q):
    loop = asyncio.get_running_loop()
    sent = 0
    while True:
        item = await q.get()
        if item is None:
            break
        i, size = item
        sent += await net.write(size)
        print(f"{loop.time() * 1000:8.3f} ms sent chunk {i}")
    return sent


async def main():
    q = asyncio.Queue(maxsize=2)
    chunks = [64_000, 128_000, 32_000, 256_000, 64_000]
    _, sent = await asyncio.gather(reader(q, chunks), sender(q))
    print("sent", sent, "bytes; expected", sum(chunks))


asyncio.run(main())
