# A misspelt method of a list: the traceback's last line offers the closest
# attribute dir() lists, as CPython 3.11's does; str(e) has no suggestion.
import asyncio
from awaitscope import Device

net = Device("net", latency=0.1)


async def collect(results):
    await net.read(10)
    try:
        "done".uper()
    except AttributeError as e:
        print("caught:", e)
    results.apend("done")


async def main():
    results = []
    await collect(results)
    print(results)

asyncio.run(main())
