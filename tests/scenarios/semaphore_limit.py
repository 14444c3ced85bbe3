# Semaphore(2) lets two coroutines in at a time; the others queue in arrival order
import asyncio
from awaitscope import Device, cpu

api = Device("api", latency=0.25)


async def call(i, sem, active):
    loop = asyncio.get_running_loop()
    async with sem:
        active.append(i)
        print(f"{loop.time():.3f} call {i} in, active={active}")
        await api.read(10)
        active.remove(i)
    print(f"{loop.time():.3f} call {i} out")
    return i * 10


async def main():
    sem = asyncio.Semaphore(2)
    active = []
    results = await asyncio.gather(*[call(i, sem, active) for i in range(6)])
    print(results, asyncio.get_running_loop().time())


asyncio.run(main())
