# read_blocking inside async def stalls the whole loop, unlike await read
import asyncio
from awaitscope import Device, cpu

db = Device("db", latency=0.5)


async def heartbeat(loop):
    for i in range(5):
        print(f"{loop.time():.3f} heartbeat {i}")
        await asyncio.sleep(0.25)


async def bad_query(loop):
    await asyncio.sleep(0.1)
    rows = db.read_blocking(100)
    print(f"{loop.time():.3f} blocking query returned {rows}")
    n = db.write_blocking()
    print(f"{loop.time():.3f} blocking write returned {n}")


async def good_query(loop):
    await asyncio.sleep(0.1)
    rows = await db.read(100)
    print(f"{loop.time():.3f} async query returned {rows}")
    print(f"{loop.time():.3f} async write returned {await db.write(7)}")


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.gather(heartbeat(loop), bad_query(loop))
    print("---")
    await asyncio.gather(heartbeat(loop), good_query(loop))


asyncio.run(main())
