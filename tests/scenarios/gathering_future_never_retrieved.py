import asyncio
from awaitscope import cpu

# A gather whose child fails, which nothing awaits: the outer future is a
# _GatheringFuture, and asyncio names its class when it logs the lost exception.


async def fail():
    await asyncio.sleep(0.1)
    cpu(0.01)
    raise KeyError("lost")


async def main():
    g = asyncio.gather(fail())
    await asyncio.sleep(0.2)
    print("done waiting", g.done())


asyncio.run(main())
