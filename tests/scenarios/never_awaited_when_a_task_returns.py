# A coroutine object left in a local is freed when its frame is. When that frame is
# a task's own coroutine, or a callback the loop called, returning, what frees it
# (`Task.__step`, which is C, or the callback's return) was called from asyncio's
# `Handle._run`: CPython's warning names that place (events.py:80), and shows it
# once for all the tasks and callbacks that do the same. Freed by a coroutine
# returning into the one that awaited it, it is at the awaiting line.
import asyncio

import awaitscope


async def job(n=0):
    return n


async def other():
    return 0


async def worker(n):
    c = job(n)
    await asyncio.sleep(0.01 * n)
    return n


async def leaves_other():
    d = other()
    return "other"


async def inner():
    e = job(99)
    return "inner"


async def outer():
    r = await inner()
    print("outer got", r)
    return r


def callback(x):
    f = job(x)
    print("callback", x)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(callback, 1)
    loop.call_later(0.005, callback, 2)
    # An `async def` as a callback: the loop drops the coroutine it returns.
    loop.call_soon(other)
    print(await asyncio.gather(worker(1), worker(2), worker(3)))
    print(await asyncio.create_task(leaves_other()))
    print(await asyncio.create_task(outer()))
    # Freed inside the key function: at its line.
    print(sorted([3, 1, 2], key=lambda v: (job(v), v)[1]))
    g = job(7)
    print("main returns")


asyncio.run(main())
