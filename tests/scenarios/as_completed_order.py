# as_completed yields results in completion order, not submission order
import asyncio
from awaitscope import Device, cpu


async def fetch(url, delay):
    await asyncio.sleep(delay)
    return f"{url} ({delay}s)"


async def main():
    loop = asyncio.get_running_loop()
    specs = [("a.example", 0.3), ("b.example", 0.1), ("c.example", 0.2), ("d.example", 0.1)]
    tasks = [asyncio.create_task(fetch(u, d)) for u, d in specs]
    n = 0
    for next_done in asyncio.as_completed(tasks):
        result = await next_done
        n += 1
        print(f"{loop.time():.3f} #{n}: {result}")
    print("total", n)


asyncio.run(main())
