# A coroutine object left in a local of a frame that an exception unwinds lives as
# long as the exception: CPython's traceback keeps the frame. So it is reported
# where the exception is freed, at the end of the `except` that caught it (its last
# line), or later if the exception is kept; not at the call that raised. An
# exception that leaves a task's coroutine is kept by the task, and freed (in this
# program) from asyncio's `Handle._run`, as a returning task's locals are.
# Freed together, they are reported from the innermost frame out (a traceback
# frees its frames so), those of the exception it was raised while handling
# first (their frames hold the callers).
import asyncio

import awaitscope


async def fetch(n):
    return n


def parse():
    pending = fetch(1)
    raise ValueError("bad row")


def load():
    first = fetch(3)
    parse()


async def audit():
    return 0


async def notify():
    return 0


def third():
    pending = fetch(30)
    raise ValueError("deep")


def second():
    note = notify()
    third()


def first():
    check = audit()
    try:
        second()
    except ValueError:
        raise KeyError("while handling")


async def job(k):
    late = fetch(10 + k)
    await asyncio.sleep(0.1)
    raise KeyError(k)


async def victim():
    waiting = fetch(20)
    await asyncio.sleep(5)


async def main():
    try:
        load()
    except ValueError as err:
        print("caught", err)
        x = 1
    print("after the first")
    try:
        try:
            load()
        finally:
            print("finally")
    except ValueError:
        print("caught again")
    print("after the second")
    saved = []
    try:
        load()
    except ValueError as err:
        saved.append(err)
    print("kept", len(saved))
    saved.clear()
    print("let go")
    try:
        first()
    except KeyError:
        print("caught the chain")
    results = await asyncio.gather(job(1), job(2), return_exceptions=True)
    print(results)
    task = asyncio.create_task(victim())
    await asyncio.sleep(1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("cancelled")
    print("end")


asyncio.run(main())
