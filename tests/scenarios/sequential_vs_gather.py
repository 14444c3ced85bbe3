# sequential awaits add up their delays; gather runs them together and keeps argument order
import asyncio
from awaitscope import Device, cpu


async def fetch(name, delay):
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.3f} start {name}")
    await asyncio.sleep(delay)
    print(f"{loop.time():.3f} done {name}")
    return name.upper()


async def main():
    loop = asyncio.get_running_loop()
    a = await fetch("a", 1)
    b = await fetch("b", 2)
    print(f"{loop.time():.3f} sequential", a, b)
    results = await asyncio.gather(fetch("c", 2), fetch("d", 1), fetch("e", 1.5))
    print(f"{loop.time():.3f} gathered", results)
    print(loop.time())


asyncio.run(main())
