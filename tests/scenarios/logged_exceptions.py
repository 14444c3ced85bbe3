# Exceptions the event loop only logs: a callback that raised, and a task's (or a
# future's) exception that nothing ever read. The program goes on; stderr shows
# asyncio's messages. Reading the exception in any way keeps it quiet.
import asyncio
from awaitscope import cpu

kept = []


def tick(n, label):
    print("tick", n, label)
    cpu(0.001)
    raise ValueError(f"callback {n} failed")


async def fails(n):
    await asyncio.sleep(0.01 * n)
    raise KeyError(n)


async def deeper():
    await fails(5)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(tick, 1, "soon")
    loop.call_later(0.25, tick, 2, "later")
    # Never read: a task nothing keeps, one kept in a local, one in a global list.
    asyncio.create_task(fails(1))
    local = asyncio.create_task(fails(2))
    kept.append(asyncio.create_task(deeper()))
    # Read: awaited, result(), exception(), gathered, and a sibling that gather
    # marks as retrieved after the first failure.
    awaited = asyncio.create_task(fails(3))
    try:
        await awaited
    except KeyError as e:
        print("awaited raised", repr(e))
    asked = asyncio.create_task(fails(1))
    await asyncio.wait([asked])
    print("exception():", repr(asked.exception()))
    try:
        await asyncio.gather(fails(1), fails(2))
    except KeyError as e:
        print("gather raised", repr(e))
    # wait() hands back finished tasks without reading them.
    done, pending = await asyncio.wait([asyncio.create_task(fails(4))])
    print("wait:", len(done), len(pending))
    # A plain future, set with an exception raised earlier and with a fresh one.
    plain = loop.create_future()
    plain.set_exception(RuntimeError("never read"))
    try:
        raise ZeroDivisionError("kept")
    except ZeroDivisionError as e:
        other = loop.create_future()
        other.set_exception(e)
    await asyncio.sleep(0.3)
    print("main ends", local.done())


asyncio.run(main())
