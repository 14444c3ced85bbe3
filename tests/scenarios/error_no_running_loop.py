# get_running_loop outside a coroutine raises RuntimeError: no running event loop
import asyncio
from awaitscope import Device, cpu


async def main():
    return asyncio.get_running_loop().time()


print("inside:", asyncio.run(main()))
print("outside:", asyncio.get_running_loop())
