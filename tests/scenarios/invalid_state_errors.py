# Asking a future or task for what it does not have yet: CPython's C futures' messages
import asyncio
from awaitscope import Device, cpu


async def quick():
    return "q"


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(quick())
    try:
        t.result()
    except asyncio.InvalidStateError as e:
        print("result() too early:", e)
    try:
        t.exception()
    except asyncio.InvalidStateError as e:
        print("exception() too early:", e)
    try:
        t.set_result("forced")
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        t.set_exception(ValueError("forced"))
    except RuntimeError as e:
        print("RuntimeError:", e)
    print(await t, t.cancel(), t.cancelled())

    f = loop.create_future()
    loop.call_later(0.5, f.set_result, "hello")
    print(await f, f.exception(), loop.time())
    for value in ["again", None]:
        try:
            f.set_result(value)
        except asyncio.InvalidStateError as e:
            print("InvalidStateError:", e)
    g = loop.create_future()
    g.cancel()
    try:
        g.set_exception(ValueError("late"))
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    t.result(), t.set_result(1)


asyncio.run(main())
