# A generator expression is lazy: each element is computed when the consumer asks
# for it, so any() stops at the first true one, zip() stops at the shortest, and
# prints inside it interleave with the consumer's. It can be created, suspended
# across awaits and advanced later; an error inside it has a <genexpr> frame.
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.05)


def check(x):
    print("  check", x)
    return x > 1


def shout(word):
    print("  shout", word)
    return word.upper()


async def fetch(i):
    await disk.read(100)
    return i * 10


async def main():
    xs = [0, 1, 2, 3, 4]
    print("any:", any(check(x) for x in xs))
    print("all:", all(check(x) for x in xs))
    print("in:", 2 in (check(x) or x for x in xs))
    print("zip:", list(zip("ab", (shout(w) for w in ["x", "y", "z"]))))
    first, second = (x for x in "ab")
    print("unpacked:", first, second)
    try:
        a, b = (check(x) for x in xs)
    except ValueError as e:
        print("ValueError:", e)

    pending = (shout(w) for w in ["late", "later"])
    print("made", repr(pending).split(" at ")[0])
    results = [await fetch(i) for i in range(2)]
    print("fetched", results, f"{asyncio.get_running_loop().time():.3f}")
    print("next:", next(pending))
    cpu(0.01)
    for word in pending:
        print("loop:", word)
    print("exhausted:", list(pending), next(pending, "default"))

    def reentrant():
        return next(self_feeding)

    self_feeding = (reentrant() for _ in range(2))
    try:
        next(self_feeding)
    except ValueError as e:
        print("ValueError:", e)
    print("after the error:", list(self_feeding))

    ratios = (100 / (x - 3) for x in xs)
    print("first ratios:", next(ratios), next(ratios))
    print("total:", sum(ratios))


asyncio.run(main())
