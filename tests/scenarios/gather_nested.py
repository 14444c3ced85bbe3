# gather of gathers: results nest in argument order; an empty gather completes without yielding
import asyncio
from awaitscope import Device, cpu


async def val(x, d):
    await asyncio.sleep(d)
    print(f"{asyncio.get_running_loop().time():.2f} val {x}")
    return x


async def group(prefix, n):
    return await asyncio.gather(*[val(f"{prefix}{i}", (n - i) / 10) for i in range(n)])


async def main():
    inner = await asyncio.gather(group("a", 3), group("b", 2), val("solo", 0.15))
    print(inner)
    print(await asyncio.gather())
    t = asyncio.create_task(val("t", 0))
    print(await asyncio.gather(t, t, val("again", 0)))


asyncio.run(main())
