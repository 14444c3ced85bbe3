# a sleep timer and a device completion due at the same instant complete in the order they were scheduled
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=1.0)


async def sleeper(tag):
    loop = asyncio.get_running_loop()
    await asyncio.sleep(1)
    print(f"{loop.time():.3f} {tag}: timer fired")


async def reader(tag):
    loop = asyncio.get_running_loop()
    n = await disk.read(512)
    print(f"{loop.time():.3f} {tag}: read {n} bytes")


async def main():
    await asyncio.gather(sleeper("round 1"), reader("round 1"))
    await asyncio.gather(reader("round 2"), sleeper("round 2"))
    loop = asyncio.get_running_loop()
    loop.call_later(1, print, "round 3: call_later fired")
    await asyncio.gather(reader("round 3"), sleeper("round 3"))


asyncio.run(main())
