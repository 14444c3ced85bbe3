# awaiting a plain value is a TypeError
import asyncio
from awaitscope import Device, cpu


async def main():
    print("before")
    await asyncio.sleep(0.5)
    value = 5
    await value


asyncio.run(main())
