# CPU-bound work never awaits, so the loop cannot switch:
# the pinger's 50 ms sleeps stretch until the number crunching is done.
import asyncio
from awaitscope import cpu


async def ping():
    for i in range(4):
        print(f"ping {i}")
        await asyncio.sleep(0.05)


async def crunch():
    print("crunching numbers")
    cpu(0.4)
    print("crunched")


async def main():
    await asyncio.gather(ping(), crunch())


asyncio.run(main())
