# With the helper module imported, the loop is its VirtualTimeLoop and a timer its
# _VirtualTimer; the messages name them so.
import asyncio
from awaitscope import Device

disk = Device("disk", latency=0.001)


async def main():
    loop = asyncio.get_running_loop()
    timer = loop.call_later(1, print, "later")
    read = asyncio.ensure_future(disk.read(10))
    for o in (loop, timer, read):
        try:
            len(o)
        except TypeError as e:
            print(e)
        try:
            o < 1
        except TypeError as e:
            print(e)
    timer.cancel()
    print(await read)


asyncio.run(main())
