# A semaphore lets at most three requests talk to the API at once;
# the other calls wait their turn in the semaphore's queue.
import asyncio
from awaitscope import Device

api = Device("api", latency=0.1)
limit = asyncio.Semaphore(3)


async def call(i):
    async with limit:
        print(f"call {i}: start")
        await api.read(100)
    print(f"call {i}: done")


async def main():
    coros = []
    for i in range(9):
        coros.append(call(i))
    await asyncio.gather(*coros)


asyncio.run(main())
