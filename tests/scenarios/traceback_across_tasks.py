# an exception raised in a child task and awaited by main: the traceback shows both tasks' frames
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.01)


async def parse(n):
    await disk.read(100)
    if n > 1:
        raise ValueError(f"cannot parse record {n}")
    return n


async def load(n):
    value = await parse(n)
    return value * 2


async def main():
    first = asyncio.create_task(load(1))
    second = asyncio.create_task(load(2))
    print(await first)
    try:
        await asyncio.gather(second)
    finally:
        print("cleanup at", asyncio.get_running_loop().time())


asyncio.run(main())
