# asyncio.sleep(delay, result) returns result, also for delay 0 and negative delays
import asyncio
from awaitscope import Device, cpu


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.sleep(1, result="one"), loop.time())
    print(await asyncio.sleep(0, "zero"), loop.time())
    print(await asyncio.sleep(-5, [1, 2]), loop.time())
    print(await asyncio.sleep(0.5), loop.time())
    values = await asyncio.gather(*[asyncio.sleep(i / 4, i) for i in range(4)])
    print(values, loop.time())


asyncio.run(main())
