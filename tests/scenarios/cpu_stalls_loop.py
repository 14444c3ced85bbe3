# cpu() inside a coroutine holds the thread: a ticker due meanwhile runs late
import asyncio
from awaitscope import Device, cpu


async def ticker(loop):
    for i in range(4):
        await asyncio.sleep(0.5)
        print(f"{loop.time():.3f} tick {i}")


async def cruncher(loop):
    await asyncio.sleep(0.2)
    print(f"{loop.time():.3f} crunching for 1.2 s")
    cpu(1.2)
    print(f"{loop.time():.3f} crunch done")
    cpu(0)
    await asyncio.sleep(0)
    cpu(0.05)
    print(f"{loop.time():.3f} short crunch done")


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.gather(ticker(loop), cruncher(loop))
    print(f"{loop.time():.3f} all done")


asyncio.run(main())
