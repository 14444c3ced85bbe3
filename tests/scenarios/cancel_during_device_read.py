# a cancelled read still holds its device slot: the next request on a one-slot disk waits for it
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=2.0, parallel=1)


async def reader(name):
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.3f} {name} submits")
    try:
        n = await disk.read(100)
        print(f"{loop.time():.3f} {name} read {n}")
    except asyncio.CancelledError:
        print(f"{loop.time():.3f} {name} cancelled mid-read")
        raise


async def main():
    loop = asyncio.get_running_loop()
    first = asyncio.create_task(reader("first"))
    await asyncio.sleep(0.5)
    first.cancel()
    await asyncio.sleep(0.5)
    print(f"{loop.time():.3f} first cancelled: {first.cancelled()}")
    await reader("second")
    await asyncio.sleep(3)
    await reader("third")


asyncio.run(main())
