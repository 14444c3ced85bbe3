# sleep(0) yields for exactly one loop iteration, so two loops interleave step by step
import asyncio
from awaitscope import Device, cpu


async def counter(name, n, log):
    for i in range(n):
        log.append(f"{name}{i}")
        print(name, i)
        await asyncio.sleep(0)
    return name


async def main():
    log = []
    results = await asyncio.gather(counter("a", 3, log), counter("b", 5, log), counter("c", 2, log))
    print(results)
    print(" ".join(log))
    print(asyncio.get_running_loop().time())


asyncio.run(main())
