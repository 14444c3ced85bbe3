# The exception that ends `asyncio.run`'s task leaves it through `run_until_complete`,
# which raises it again in the frame that holds the task: CPython's traceback then
# holds that frame, which holds the task, which holds the exception, a cycle only
# the garbage collector frees, at exit. So a coroutine never awaited in a frame the
# exception unwound is reported at `sys:1`, even when the program catches the
# exception and goes on.
import asyncio

import awaitscope


async def fetch():
    return 1


def load():
    pending = fetch()
    raise ValueError("bad row")


async def main():
    first = fetch()
    await asyncio.sleep(1)
    load()


try:
    asyncio.run(main())
except ValueError as e:
    print("caught at the top:", e)
print("end")
