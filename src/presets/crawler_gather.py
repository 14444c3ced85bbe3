# The same crawler with gather: all five requests are in flight at once,
# so the run takes about as long as the slowest page, not the sum of all.
import asyncio
from awaitscope import Device

web = Device("web", latency=0.2, bandwidth=1000000)

pages = ["/", "/about", "/blog", "/shop", "/contact"]
sizes = [20000, 5000, 80000, 40000, 10000]


async def fetch(path, size):
    await web.read(size)
    print(f"{path:<10} {size:>6} bytes")
    return size


async def main():
    coros = []
    for path, size in zip(pages, sizes):
        coros.append(fetch(path, size))
    results = await asyncio.gather(*coros)
    print(f"{sum(results)} bytes in {asyncio.get_running_loop().time():.3f} s")


asyncio.run(main())
