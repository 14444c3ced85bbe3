# awaiting a cancelled task without catching CancelledError ends the program with CancelledError
import asyncio
from awaitscope import Device, cpu


async def sleepy():
    await asyncio.sleep(5)


async def main():
    t = asyncio.create_task(sleepy())
    await asyncio.sleep(1)
    t.cancel()
    print("cancelled the task, now awaiting it")
    await t
    print("not reached")


asyncio.run(main())
