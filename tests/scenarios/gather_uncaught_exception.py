# an uncaught exception from a task awaited by gather ends the program; pending tasks are cancelled at shutdown
import asyncio
from awaitscope import Device, cpu


async def steady(name):
    loop = asyncio.get_running_loop()
    try:
        for i in range(10):
            await asyncio.sleep(1)
            print(f"{loop.time():.3f} {name} tick {i}")
    except asyncio.CancelledError:
        print(f"{loop.time():.3f} {name} cancelled during shutdown")
        raise
    finally:
        print(f"{loop.time():.3f} {name} finally")


async def explode():
    await asyncio.sleep(2.5)
    print("about to divide")
    return 1 / 0


async def main():
    await asyncio.gather(steady("left"), explode(), steady("right"))
    print("not reached")


asyncio.run(main())
