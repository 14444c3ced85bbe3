# seed: asyncio.run() inside a running loop raises RuntimeError; the coroutine passed is never awaited
import asyncio
from awaitscope import Device, cpu


async def inner():
    print("inner never runs")


async def main():
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.3f} main starts")
    await asyncio.sleep(1)
    print(f"{loop.time():.3f} calling asyncio.run from inside the loop")
    asyncio.run(inner())
    print("not reached")


asyncio.run(main())
print("not reached either")
