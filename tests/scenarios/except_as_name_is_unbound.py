# `except E as e:` unbinds `e` however its body is left, as CPython compiles it
# (`try: body finally: e = None; del e`): at its end, by a raise inside it, a
# `return`, a `break` or a `continue`. Reading `e` afterwards is an error, in a
# function (UnboundLocalError, a NameError) and at the module level (NameError).
import asyncio

import awaitscope


def left_by(kind):
    try:
        try:
            raise ValueError(kind)
        except ValueError as e:
            if kind == "raise":
                raise
            if kind == "raise other":
                raise RuntimeError("other")
            if kind == "raise from":
                raise RuntimeError("other") from e
    except Exception as outer:
        print(kind, "->", repr(outer), repr(outer.__cause__))
    try:
        return repr(e)
    except NameError as error:
        return f"{type(error).__name__}: {error}"


def left_by_loop(kind):
    for i in range(2):
        try:
            raise KeyError(i)
        except KeyError as e:
            if kind == "break":
                break
            continue
    try:
        return repr(e)
    except NameError as error:
        return f"{type(error).__name__}: {error}"


def returned():
    try:
        raise KeyError("kept")
    except KeyError as e:
        return e


async def main():
    for kind in ["end", "raise", "raise other", "raise from"]:
        print(kind, left_by(kind))
    for kind in ["break", "continue"]:
        print(kind, left_by_loop(kind))
    print("returned", repr(returned()))
    try:
        await asyncio.sleep(0.1)
        raise TimeoutError("slow")
    except TimeoutError as late:
        print("caught", late)
    try:
        print(late)
    except NameError as error:
        print(type(error).__name__, error)


asyncio.run(main())
try:
    raise IndexError(3)
except IndexError as module_level:
    print("module", module_level)
try:
    print(module_level)
except NameError as error:
    print(type(error).__name__, error)
