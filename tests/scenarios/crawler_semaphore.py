# a small crawler: at most 3 fetches in flight over a network device, results parsed with cpu()
import asyncio
from awaitscope import Device, cpu

net = Device("net", latency=0.08, bandwidth=5_000_000, parallel=4)
PAGES = {"/": 12_000, "/about": 4_000, "/blog": 30_000, "/blog/1": 8_000, "/blog/2": 9_000, "/shop": 50_000}


async def fetch(path, sem, stats):
    loop = asyncio.get_running_loop()
    async with sem:
        stats["in flight"] += 1
        stats["peak"] = max(stats["peak"], stats["in flight"])
        size = await net.read(PAGES[path])
        stats["in flight"] -= 1
    cpu(size / 10_000_000)
    print(f"{loop.time():7.4f}s {path:<8} {size:>6,} bytes")
    return size


async def main():
    sem = asyncio.Semaphore(3)
    stats = {"in flight": 0, "peak": 0}
    sizes = await asyncio.gather(*[fetch(p, sem, stats) for p in PAGES])
    print(f"{sum(sizes):,} bytes, peak {stats['peak']} in flight, done at {asyncio.get_running_loop().time()}")


asyncio.run(main())
