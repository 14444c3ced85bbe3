# Five downloads started together: while one waits for the network,
# the event loop runs the others.
import asyncio
from awaitscope import Device

net = Device("network", latency=0.1)


async def fetch(i):
    print(f"fetch {i}: request sent")
    await net.read(1000)
    print(f"fetch {i}: response received")
    return i


async def main():
    coros = []
    for i in range(5):
        coros.append(fetch(i))
    results = await asyncio.gather(*coros)
    print("all done:", results)


asyncio.run(main())
