# raise ValueError with a message built from an f-string, uncaught inside a task
import asyncio
from awaitscope import Device, cpu


async def check(level):
    await asyncio.sleep(level / 10)
    if level > 2:
        raise ValueError(f"level {level} is too high (max {2})")
    print("level", level, "ok")


async def main():
    for level in range(5):
        await check(level)


asyncio.run(main())
