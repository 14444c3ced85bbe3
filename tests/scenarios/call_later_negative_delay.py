# call_later with a negative delay (and call_at in the past, before the run began):
# due at once, but ordered by deadline before the later timers, as in CPython.
import asyncio
from awaitscope import Device, cpu

def show(tag):
    print(tag, asyncio.get_event_loop().time())

async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(1)
    loop.call_later(-2, show, "two seconds ago")
    loop.call_at(0.5, show, "at 0.5")
    loop.call_later(0, show, "now")
    loop.call_at(-3, show, "at -3")
    h = loop.call_later(-5, show, "cancelled")
    print(h.when())
    h.cancel()
    loop.call_later(-1e-6, show, "a microsecond ago")
    loop.call_soon(show, "soon")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    loop.call_later(-10, lambda: 1 / 0)
    await asyncio.sleep(0.1)
    print("end", loop.time())

asyncio.run(main())
