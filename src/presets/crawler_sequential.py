# A crawler that awaits each page before asking for the next:
# correct, but every download waits for the one before it.
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
    total = 0
    for path, size in zip(pages, sizes):
        total += await fetch(path, size)
    print(f"{total} bytes in {asyncio.get_running_loop().time():.3f} s")


asyncio.run(main())
