# print(handle), as asyncio writes it: the kind, `cancelled`, a timer's deadline on
# the loop's clock, and the callback by its qualified name with its arguments
# (abbreviated by reprlib) and where it is defined; cancelling drops the callback.
import asyncio
from awaitscope import cpu


def tick(n, who="x"):
    print("tick", n, who)


async def main():
    loop = asyncio.get_running_loop()
    cpu(0.25)
    timer = loop.call_later(1.5, tick, 1)
    soon = loop.call_soon(tick, 2, "y")
    builtin = loop.call_soon(print, "p")
    anonymous = loop.call_later(2, lambda: None)
    items = []
    method = loop.call_soon(items.append, list(range(20)))
    at = loop.call_at(loop.time() + 0.1, tick, "a long argument that reprlib abbreviates")
    for handle in [timer, soon, builtin, anonymous, method, at]:
        print(handle)
    timer.cancel()
    soon.cancel()
    print(timer, soon, sep="\n")
    await asyncio.sleep(0.2)
    print(builtin, at, len(items), sep="\n")
    print(timer.when(), timer.cancelled(), at.cancelled())


asyncio.run(main())
