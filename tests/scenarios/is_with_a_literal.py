# `is` with a literal: CPython's compiler warns before anything runs, once per
# comparison (two on one line give two warnings), at the comparison's first line;
# not for None, True or False, nor where folding fails (1 / 0) or would be too big.
import asyncio
from awaitscope import cpu

LIMIT = 3


async def check(status, count):
    cpu(0.001)
    if status is "done":
        print("done")
    if count is not 0 and count is -1:
        print("minus one")
    if status is None or status is True:
        print("none or true")
    if (count, status) is (1, "a"):
        print("never")
    print(count is LIMIT, count is 1 / 1 if count else count is 1 + 2)
    print(status is
          "multi-line")
    if count < 0:
        # Never runs; too big to fold, and failing to fold: no warning for either.
        print(count is 2 ** 100, count is 1 << -1, count is not 1 // 0)
    return status is "ab"[0] or count is 1 << 2 < 9


async def main():
    results = await asyncio.gather(check("done", 0), check("other", 3))
    print(results)


asyncio.run(main())
