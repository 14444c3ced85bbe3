# a Lock serialises writes to a shared log device even though the device itself has no slot limit
import asyncio
from awaitscope import Device, cpu

log_dev = Device("log", latency=0.01, bandwidth=1_000_000)


async def client(i, lock, written):
    loop = asyncio.get_running_loop()
    await asyncio.sleep(i * 0.003)
    async with lock:
        start = loop.time()
        await log_dev.write(1000 * (i + 1))
        written.append(i)
        print(f"client {i}: wrote {1000 * (i + 1):>5} B from {start:.3f} to {loop.time():.3f}")


async def main():
    lock = asyncio.Lock()
    written = []
    await asyncio.gather(*[client(i, lock, written) for i in range(5)])
    print(written, f"{asyncio.get_running_loop().time():.3f}")


asyncio.run(main())
