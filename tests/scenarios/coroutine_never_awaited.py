# calling a coroutine function without await does nothing but a RuntimeWarning; the program continues
import asyncio
from awaitscope import Device, cpu


async def notify(who):
    print("notifying", who)
    await asyncio.sleep(1)


async def main():
    loop = asyncio.get_running_loop()
    notify("forgotten")
    print(f"{loop.time():.3f} forgot to await")
    await asyncio.sleep(0.5)
    await notify("remembered")
    print(f"{loop.time():.3f} done")


asyncio.run(main())
print("program continues")
