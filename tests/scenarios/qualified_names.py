# Functions defined inside functions are named by __qualname__ in CPython's reprs
# and messages: a task's repr, the never-awaited warning, a failing callback.
import asyncio
from awaitscope import cpu


async def main():
    async def inner():
        return 1

    def on_tick():
        raise ValueError("from a nested callback")

    f = lambda: 0
    print(f.__qualname__, inner.__qualname__, inner.__name__, main.__qualname__)
    t = asyncio.create_task(inner())
    await t
    print(t.get_name(), t.result())
    inner()
    asyncio.get_running_loop().call_soon(on_tick)
    await asyncio.sleep(0)


asyncio.run(main())
