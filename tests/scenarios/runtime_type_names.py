# Every message names a runtime object by its type as CPython does: a task is an
# '_asyncio.Task', a future an '_asyncio.Future', gather's result a
# '_GatheringFuture', and without the helper module the loop and its timers are
# asyncio's own ('_UnixSelectorEventLoop', 'TimerHandle'); call_soon gives a 'Handle'.
import asyncio


def misuse(o):
    attempts = [
        lambda: len(o),
        lambda: o + 1,
        lambda: 2 * o,
        lambda: o[0],
        lambda: int(o),
        lambda: float(o),
        lambda: -o,
        lambda: abs(o),
        lambda: round(o),
        lambda: o(),
        lambda: "%d" % o,
        lambda: f"{o:>5}",
    ]
    for attempt in attempts:
        try:
            attempt()
        except TypeError as e:
            print(e)


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(asyncio.sleep(1))
    future = loop.create_future()
    gathered = asyncio.gather(asyncio.sleep(0))
    soon = loop.call_soon(print, "soon")
    later = loop.call_later(1, print, "later")
    for o in (task, future, gathered, loop, soon, later):
        misuse(o)
    print(type(task).__name__, type(future).__name__)
    task.cancel()
    later.cancel()
    await gathered


asyncio.run(main())
