# as_completed with a timeout raises TimeoutError for the results that are not ready in time
import asyncio
from awaitscope import Device, cpu


async def fetch(name, delay):
    loop = asyncio.get_running_loop()
    try:
        await asyncio.sleep(delay)
        return name
    except asyncio.CancelledError:
        print(f"{loop.time():.3f} {name} cancelled at shutdown")
        raise


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(fetch(f"r{i}", i * 0.75)) for i in range(1, 6)]
    got = []
    try:
        for fut in asyncio.as_completed(tasks, timeout=2):
            got.append(await fut)
            print(f"{loop.time():.3f} got {got[-1]}")
    except asyncio.TimeoutError:
        print(f"{loop.time():.3f} timeout after {len(got)} results")
    print([t.done() for t in tasks])
    print("main returns with tasks still pending")


asyncio.run(main())
