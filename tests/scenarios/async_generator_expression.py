# A generator expression that awaits is an asynchronous generator: only 'async for'
# could run it, so sum(), list(), a 'for' loop … refuse it, and its body never
# runs (f prints nothing for it). Its first iterable is evaluated where it stands.
# A list comprehension that awaits runs at once, as it does in CPython.
import asyncio
from awaitscope import cpu


async def f(x):
    print("f ran", x)
    cpu(0.01)
    await asyncio.sleep(0.1)
    return x * 2


def before_address(text):
    return str(text).split(" at ")[0]


async def main():
    g = (await f(x) for x in range(3))
    print(type(g).__name__, bool(g), g.__name__, g.__qualname__, g == g, g != g)
    print(before_address(repr(g)))
    for consume in [sum, list, len, sorted, min, max, any, all, tuple, enumerate, next]:
        try:
            consume(g)
        except TypeError as e:
            print(consume.__name__, "->", e)
    try:
        for x in g:
            pass
    except TypeError as e:
        print("for ->", e)
    try:
        g[0]
    except TypeError as e:
        print("[0] ->", e)
    try:
        await g
    except TypeError as e:
        print("await ->", e)
    try:
        print(g + 1)
    except TypeError as e:
        print("+ ->", e)
    try:
        asyncio.create_task(g)
    except TypeError as e:
        print("create_task ->", before_address(e))
    try:
        await asyncio.gather(g)
    except TypeError as e:
        print("gather ->", e)
    try:
        ", ".join(str(await f(x)) for x in range(2))
    except TypeError as e:
        print("join ->", e)
    try:
        (await f(x) for x in 5)
    except TypeError as e:
        print("first iterable ->", e)
    print("an awaited first iterable:", list(x for x in [await f(10)]))
    print([await f(x) for x in range(2)], [[await f(y) for y in range(x)] for x in range(3)])
    nested = [(await f(y) for y in range(x)) for x in range(2)]
    print([before_address(repr(n)) for n in nested])
    print(before_address((lambda: (await f(x) for x in []))()))
    print(sum(await f(x) for x in range(3)))


asyncio.run(main())
