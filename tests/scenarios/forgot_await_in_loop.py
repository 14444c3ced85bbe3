# Forgetting await in a loop: nothing runs, and Python's default warning filter tells
# the RuntimeWarning once per line, not once per coroutine
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.1)


async def fetch(i):
    await disk.read(100)
    print("fetched", i)


async def main():
    loop = asyncio.get_running_loop()
    for i in range(3):
        fetch(i)
    for i in range(2):
        fetch(i)
        disk.read(i)
    await asyncio.sleep(0.5)
    print(f"{loop.time():.3f} nothing was fetched")
    for i in range(2):
        await fetch(i)
    print(f"{loop.time():.3f} done")


asyncio.run(main())
