# A misspelt name: the traceback's last line offers the closest name, as CPython
# 3.11's does: the function's locals first, then the module's globals, then the
# builtins. `print(e)` of the same error has no suggestion.
import asyncio
from awaitscope import Device

LIMIT = 3
disk = Device("disk", latency=0.1)


async def fetch(item):
    await disk.read(100)
    try:
        return LIMT * item
    except NameError as e:
        print("caught:", e)
    result = item * 2
    return reslt


async def main():
    print(await asyncio.gather(fetch(1), fetch(2)))

asyncio.run(main())
