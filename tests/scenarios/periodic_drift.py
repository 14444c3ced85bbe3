# a periodic task that sleeps a fixed interval after its work drifts; one that aims at deadlines does not
import asyncio
from awaitscope import Device, cpu


async def naive(loop):
    for i in range(4):
        cpu(0.03)
        await asyncio.sleep(0.1)
        print(f"naive   {i} at {loop.time():.3f}")


async def steady(loop):
    start = loop.time()
    for i in range(1, 5):
        cpu(0.03)
        await asyncio.sleep(start + i * 0.1 - loop.time())
        print(f"steady  {i} at {loop.time():.3f} raw {loop.time()}")


async def main():
    loop = asyncio.get_running_loop()
    await naive(loop)
    await steady(loop)


asyncio.run(main())
