# A bare `raise` re-raises the exception being handled, also when it is a caller's:
# a helper called from an `except` or a `finally`, a coroutine awaited there. With
# nothing handled anywhere it is a RuntimeError. (Found by the language fuzzer.)
import asyncio
from awaitscope import cpu


def rethrow():
    raise


async def rethrow_later():
    await asyncio.sleep(0.1)
    raise


def log_and_rethrow(what):
    cpu(0.01)
    print("logging", what)
    rethrow()


async def main():
    try:
        try:
            raise KeyError("k")
        except KeyError:
            log_and_rethrow("a KeyError")
    except KeyError as e:
        print("caught again:", repr(e))

    try:
        try:
            raise ValueError("v")
        except ValueError:
            await rethrow_later()
    except ValueError as e:
        print("after the sleep:", repr(e), asyncio.get_running_loop().time())

    try:
        try:
            raise TypeError("t")
        finally:
            rethrow()
    except TypeError as e:
        print("from the finally:", repr(e))

    try:
        rethrow()
    except RuntimeError as e:
        print("nothing handled:", e)

    try:
        raise IndexError("i")
    except IndexError:
        rethrow()


asyncio.run(main())
