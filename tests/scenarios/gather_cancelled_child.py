# a cancelled child of gather: return_exceptions=True reports a CancelledError in its place
import asyncio
from awaitscope import Device, cpu


async def work(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(work("a", 1))
    b = asyncio.create_task(work("b", 2))
    c = asyncio.create_task(work("c", 3))
    loop.call_later(1.5, b.cancel)
    results = await asyncio.gather(a, b, c, return_exceptions=True)
    print(f"{loop.time():.3f}", [isinstance(r, asyncio.CancelledError) for r in results])
    print([r for r in results if isinstance(r, str)])
    d = asyncio.create_task(work("d", 1))
    e = asyncio.create_task(work("e", 2))
    loop.call_later(0.5, d.cancel)
    try:
        await asyncio.gather(d, e)
    except asyncio.CancelledError:
        print(f"{loop.time():.3f} gather raised CancelledError; e still running: {not e.done()}")
    print(await e, f"{loop.time():.3f}")


asyncio.run(main())
