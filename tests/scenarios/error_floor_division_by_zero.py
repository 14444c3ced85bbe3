# integer floor division by zero
import asyncio
from awaitscope import Device, cpu


async def share(total, people):
    await asyncio.sleep(0.1)
    return total // people


async def main():
    print(await share(10, 3))
    print(await asyncio.gather(share(9, 2), share(1, 0)))


asyncio.run(main())
