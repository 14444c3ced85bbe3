# run_until_complete on a hand-made loop; callbacks scheduled meanwhile run while it waits
import asyncio
from awaitscope import Device, cpu

loop = asyncio.new_event_loop()
events = []


def cb(tag):
    events.append(tag)
    print(f"{loop.time():.3f} callback {tag}")


async def work(n):
    print(f"{loop.time():.3f} work {n} starts")
    await asyncio.sleep(n)
    loop.call_soon(cb, f"soon from work {n}")
    return n * 100


loop.call_soon(cb, "before run")
loop.call_later(0.5, cb, "at 0.5")
loop.call_later(5, cb, "at 5 (never while running)")
print(loop.run_until_complete(work(1)))
print(loop.run_until_complete(work(2)))
print(events)
