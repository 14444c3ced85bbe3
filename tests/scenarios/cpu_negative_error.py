# cpu() with a negative time raises ValueError inside the coroutine, which ends the program
import asyncio
from awaitscope import Device, cpu


async def main():
    cpu(0.5)
    print(asyncio.get_running_loop().time())
    cpu(-1)
    print("not reached")


asyncio.run(main())
