# A task's repr names its state; a task asked to cancel that has not finished shows as
# "cancelling" until it does (or uncancels). Only the part before " coro=" is printed:
# the rest names files.
import asyncio
from awaitscope import Device, cpu


def state(task):
    return str(task).split(" coro=")[0]


async def child(n):
    await asyncio.sleep(n)
    if n > 1:
        raise ValueError(n)
    return n


async def main():
    a = asyncio.create_task(child(0.5))
    b = asyncio.create_task(child(0.5), name="b")
    c = asyncio.create_task(child(2))
    print(state(a), state(b), sep="\n")
    b.cancel()
    print(state(b))
    await asyncio.sleep(0.1)
    print(state(a), state(b), sep="\n")
    a.cancel()
    print(state(a))
    await asyncio.gather(a, b, c, return_exceptions=True)
    for t in (a, b, c):
        print(state(t), t.cancelled())
    d = asyncio.create_task(child(1))
    await asyncio.sleep(0)
    d.cancel()
    print(state(d), d.uncancel(), state(d))
    try:
        await d
    except asyncio.CancelledError:
        print(state(d))


asyncio.run(main())
