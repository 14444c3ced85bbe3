# an undefined name ends the program with NameError
import asyncio
from awaitscope import Device, cpu


async def main():
    print("before")
    await asyncio.sleep(1)
    print(x)


asyncio.run(main())
