# a device with 2 slots: each request takes the slot that frees first; later requests queue
import asyncio
from awaitscope import Device, cpu

dev = Device("raid", latency=1, parallel=2)


async def request(i, delay):
    loop = asyncio.get_running_loop()
    await asyncio.sleep(delay)
    submitted = loop.time()
    await dev.read(i)
    print(f"req {i}: submitted {submitted:.2f} done {loop.time():.2f} waited {loop.time() - submitted - 1:.2f}")


async def main():
    await asyncio.gather(*[request(i, d) for i, d in enumerate([0, 0, 0, 0.5, 0.5, 3.5, 4])])
    print(asyncio.get_running_loop().time())


asyncio.run(main())
