# bound methods, lambdas and builtins as callbacks, with positional args
import asyncio
from awaitscope import Device, cpu


async def main():
    loop = asyncio.get_running_loop()
    items = []
    loop.call_soon(items.append, 1)
    loop.call_soon(items.extend, [2, 3])
    loop.call_later(0.1, items.insert, 0, "first")
    loop.call_soon(lambda: items.append(len(items)))
    loop.call_later(0.2, print, "print as a callback", "with", 3, "args")
    names = {}
    loop.call_soon(names.setdefault, "k", "v")
    loop.call_soon(names.update, {"a": 1})
    print("scheduled, nothing ran yet:", items, names)
    await asyncio.sleep(0)
    print("after one iteration:", items, names)
    await asyncio.sleep(0.3)
    print(items)


asyncio.run(main())
