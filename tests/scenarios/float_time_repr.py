# raw float repr of loop.time() after sums that are inexact in binary
import asyncio
from awaitscope import Device, cpu


async def main():
    loop = asyncio.get_running_loop()
    for d in [0.1, 0.2, 0.3, 0.000001, 1 / 3, 2.675, 1e-7]:
        await asyncio.sleep(d)
        print(loop.time())
    cpu(0.7)
    print(loop.time(), loop.time() * 3, loop.time() / 7)
    print(f"{loop.time()} {loop.time():.2f} {loop.time():e} {loop.time():10.4f}|")


asyncio.run(main())
