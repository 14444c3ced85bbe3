# a task that fails with nobody awaiting it only logs to stderr; stdout and the program go on
import asyncio
from awaitscope import Device, cpu


async def fire_and_forget():
    await asyncio.sleep(0.5)
    print("fire_and_forget raises now")
    raise ValueError("nobody listens")


async def main():
    loop = asyncio.get_running_loop()
    asyncio.create_task(fire_and_forget())
    await asyncio.sleep(1)
    print(f"{loop.time():.3f} main still fine")
    await asyncio.sleep(1)
    print(f"{loop.time():.3f} main done")


asyncio.run(main())
print("exit normally")
