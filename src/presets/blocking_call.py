# read_blocking() inside async def never yields: the heartbeat task
# cannot tick until the whole download is over.
import asyncio
from awaitscope import Device

net = Device("network", latency=0.3)


async def heartbeat():
    for i in range(5):
        print(f"tick {i}")
        await asyncio.sleep(0.1)


async def download():
    net.read_blocking(1000)
    print("download finished")


async def main():
    await asyncio.gather(heartbeat(), download())


asyncio.run(main())
