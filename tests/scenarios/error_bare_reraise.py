# bare raise inside except re-raises the exception being handled, after cleanup prints
import asyncio
from awaitscope import Device, cpu


async def fetch(key):
    data = {"a": 1}
    try:
        await asyncio.sleep(0.5)
        return data[key]
    except KeyError:
        print("fetch failed for", key, "at", asyncio.get_running_loop().time())
        raise


async def main():
    print(await fetch("a"))
    print(await fetch("b"))


asyncio.run(main())
