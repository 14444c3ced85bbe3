# device service time = latency + nbytes / bandwidth, rounded once to the microsecond
import asyncio
from awaitscope import Device, cpu

net = Device("net", latency=0.02, bandwidth=1_000_000)
free = Device("free")
odd = Device("odd", latency=1e-7, bandwidth=3)


async def main():
    loop = asyncio.get_running_loop()
    for nbytes in [0, 1, 1000, 123456, 3]:
        start = loop.time()
        got = await net.read(nbytes)
        print(f"net {got:>7} bytes took {loop.time() - start:.6f}")
    print(await free.read(10), loop.time())
    for nbytes in [0, 1, 2]:
        start = loop.time()
        await odd.write(nbytes)
        print(f"odd {nbytes} bytes -> {round((loop.time() - start) * 1e6)} us")
    print(loop.time())


asyncio.run(main())
