# print(task) and print(future), as asyncio writes them: the state, the task's
# name, where its coroutine stands (its def before it starts, the line of its
# await while it waits), what it waits for, the result, and the done-callbacks. CPython names the file; the simulator names it
# <scenario>, and the test compares them so.
import asyncio
from awaitscope import cpu


async def job(x):
    cpu(0.01)
    await asyncio.sleep(x)
    return x


async def echo(value):
    await asyncio.sleep(0.5)
    return value


async def waiter(t):
    return await t


def done(fut):
    print("done:", fut)


def before_address(value):
    return str(value).split(" at 0x")[0]


async def main():
    def helper():
        pass

    print(before_address(helper), before_address(job))
    coro = job(0)
    print(before_address(coro))
    await coro
    t = asyncio.create_task(job(1))
    print(t)
    print(type(t).__name__, t.__class__.__name__, type(asyncio.get_running_loop().create_future()).__name__)
    print(before_address(t.cancel), before_address([].append), before_address("".join))
    print(before_address(asyncio.Queue().put).split(" of ")[0])
    t.add_done_callback(done)
    w = asyncio.create_task(waiter(t))
    await asyncio.sleep(0)
    print(t)
    print(w)
    # Its callback, asyncio's own, is named without CPython's file.
    print(str(asyncio.current_task()).split(" cb=")[0])
    await w
    print(w)
    # A long result is abbreviated as reprlib does it.
    results = [{1: "x", "y": 2}, (1,), None, 2.5, "it's", [1, 2], list(range(20)),
               "a long result that reprlib cuts in the middle", dict((k, [k] * 8) for k in range(6)),
               [[[[[[[1]]]]]]], (1, 2, 3, 4, 5, 6, 7)]
    for v in results:
        t2 = asyncio.create_task(echo(v))
        await t2
        print(t2)
    failing = asyncio.create_task(job("soon"))
    try:
        await failing
    except TypeError:
        print(failing)
    g = asyncio.gather(job(0.1), job(0.2))
    t3 = asyncio.create_task(waiter(g))
    await asyncio.sleep(0)
    print(t3)
    await t3
    fut = asyncio.get_running_loop().create_future()
    print(fut)
    fut.add_done_callback(done)
    fut.add_done_callback(print)
    fut.add_done_callback(lambda f: None)
    print(fut)
    fut.set_exception(ValueError("bad"))
    print(fut)
    await asyncio.sleep(0)
    fut.exception()
    t4 = asyncio.create_task(job(5))
    await asyncio.sleep(0)
    t4.cancel("stop it")
    print(t4)
    await asyncio.sleep(0)
    print(t4)


asyncio.run(main())
