# coroutines awaiting coroutines four deep run in the same task; timestamps add up along the chain
import asyncio
from awaitscope import Device, cpu

store = Device("store", latency=0.05)


async def level4(x):
    await store.read(x)
    print(f"  level4({x}) in {asyncio.current_task().get_name()}")
    return x + 4


async def level3(x):
    await asyncio.sleep(0.1)
    return await level4(x * 3)


async def level2(x):
    y = await level3(x + 2)
    return y * 2


async def level1(x):
    r = await level2(x)
    print(f"{asyncio.get_running_loop().time():.3f} level1({x}) = {r}")
    return r


async def main():
    print(await level1(1))
    print(await asyncio.gather(level1(2), level1(3)))


asyncio.run(main())
