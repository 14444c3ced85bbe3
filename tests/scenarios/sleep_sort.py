# sleep sort: each value sleeps in proportion to itself; equal values keep their input order
import asyncio
from awaitscope import Device, cpu


async def emit(value, out):
    await asyncio.sleep(value / 100)
    out.append(value)


async def main():
    values = [5, 3, 9, 3, 0, 7, 1, 9, 2, 5]
    out = []
    await asyncio.gather(*[emit(v, out) for v in values])
    print(out, out == sorted(values), asyncio.get_running_loop().time())


asyncio.run(main())
