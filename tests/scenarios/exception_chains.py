# Exceptions raised while handling others: __context__ (set on every raise, also by
# an operation that fails), __cause__ (raise ... from ...), wait_for's TimeoutError
# caused by the CancelledError, and the chained traceback CPython prints (here cut
# by `from None`).
import asyncio
from awaitscope import cpu

def lookup(d):
    try:
        return d["missing"]
    except KeyError:
        return 1 / 0

async def slow():
    await asyncio.sleep(10)

async def main():
    try:
        lookup({})
    except ZeroDivisionError as e:
        print("context:", repr(e.__context__))
    try:
        try:
            int("x")
        except ValueError as e:
            raise RuntimeError("wrapped") from e
    except RuntimeError as e:
        print("cause:", repr(e.__cause__))
    try:
        await asyncio.wait_for(slow(), 0.1)
    except asyncio.TimeoutError as e:
        print("timeout cause:", type(e.__cause__).__name__)
    try:
        raise KeyError("a")
    except KeyError:
        raise ValueError("b") from None

asyncio.run(main())
