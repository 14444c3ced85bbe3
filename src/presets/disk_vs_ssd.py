# A spinning disk serves one request at a time (the rest queue up);
# an SSD serves eight in parallel, so the same eight reads finish much sooner.
import asyncio
from awaitscope import Device

hdd = Device("hdd", latency=0.008, bandwidth=100000000, parallel=1)
ssd = Device("ssd", latency=0.0001, bandwidth=400000000, parallel=8)


async def read_file(dev, i):
    await dev.read(1000000)
    return i


async def read_all(dev):
    loop = asyncio.get_running_loop()
    start = loop.time()
    coros = []
    for i in range(8):
        coros.append(read_file(dev, i))
    await asyncio.gather(*coros)
    print(f"8 files in {(loop.time() - start) * 1000:.1f} ms")


async def main():
    await read_all(hdd)
    await read_all(ssd)


asyncio.run(main())
