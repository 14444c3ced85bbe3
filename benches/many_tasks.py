import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.002, parallel=64)
net = Device("net", latency=0.010)

async def worker(i):
    total = 0
    for k in range(10):
        if k % 2 == 0:
            total += await disk.read(4096)
        else:
            total += await net.read(1024)
        cpu(0.00001)
    return total

async def main():
    loop = asyncio.get_running_loop()
    results = await asyncio.gather(*[worker(i) for i in range(10000)])
    print(len(results), sum(results), f"{loop.time():.6f}")

asyncio.run(main())
