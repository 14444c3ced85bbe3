# three downloads with await: they overlap in the async run and run back to back in the blocking baseline
import asyncio
from awaitscope import Device, cpu

net = Device("net", latency=0.1, bandwidth=2_000_000)


async def download(name, size):
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.3f} {name}: request")
    n = await net.read(size)
    print(f"{loop.time():.3f} {name}: {n} bytes received")
    await asyncio.sleep(0.05)
    cpu(0.01)
    print(f"{loop.time():.3f} {name}: parsed")
    return n


async def main():
    loop = asyncio.get_running_loop()
    sizes = await asyncio.gather(download("index.html", 20_000), download("app.js", 400_000), download("logo.png", 100_000))
    print(f"{loop.time():.3f} total {sum(sizes):,} bytes")


asyncio.run(main())
