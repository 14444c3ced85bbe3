# one-head disk (parallel=1) serves requests one after another; an SSD with 8 slots serves them together
import asyncio
from awaitscope import Device, cpu

hdd = Device("hdd", latency=0.008, bandwidth=100_000_000, parallel=1)
ssd = Device("ssd", latency=0.0001, bandwidth=500_000_000, parallel=8)


async def load(dev, name, i, size):
    loop = asyncio.get_running_loop()
    n = await dev.read(size)
    print(f"{loop.time() * 1000:9.3f} ms  {name} file{i} {n:,} bytes")
    return n


async def bench(dev, name):
    loop = asyncio.get_running_loop()
    start = loop.time()
    sizes = [4096 * (i + 1) for i in range(10)]
    total = sum(await asyncio.gather(*[load(dev, name, i, s) for i, s in enumerate(sizes)]))
    print(f"{name}: {total:,} bytes in {(loop.time() - start) * 1000:.3f} ms")


async def main():
    await bench(hdd, "hdd")
    await bench(ssd, "ssd")


asyncio.run(main())
