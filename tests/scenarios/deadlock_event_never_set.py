# two tasks wait on events only the other would set: a deadlock after the timers run out
import asyncio
from awaitscope import Device, cpu


async def side(name, mine, theirs):
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0.5)
    print(f"{loop.time():.3f} {name} waits for the other side")
    await theirs.wait()
    mine.set()


async def main():
    a = asyncio.Event()
    b = asyncio.Event()
    lock = asyncio.Lock()
    async with lock:
        await asyncio.gather(side("left", a, b), side("right", b, a))


asyncio.run(main())
