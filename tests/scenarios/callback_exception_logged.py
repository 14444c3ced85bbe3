# an exception in a plain callback goes to the loop's exception handler (stderr); the loop keeps running
import asyncio
from awaitscope import Device, cpu


def broken(x):
    print("broken callback runs with", x)
    return x / 0


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(broken, 7)
    loop.call_later(0.5, print, "later callback still runs")
    await asyncio.sleep(1)
    print(f"{loop.time():.3f} main done")


asyncio.run(main())
