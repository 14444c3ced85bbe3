# A comprehension is a function of its own (CPython 3.11 compiles it so): an error
# inside one has a <listcomp> frame in the traceback, at the line of the part that
# failed, and a list comprehension that awaits is a coroutine, awaited where it stands.
import asyncio
from awaitscope import Device

disk = Device("disk", latency=0.01)

scale = 3


def late_binding():
    # Every lambda sees the comprehension's variable as it ends, and the enclosing
    # function's local as it is when called.
    k = 10
    adders = [lambda: x + k for x in range(3)]
    k = 20
    return [add() for add in adders]


def shadowing():
    x = "outer"
    squares = [x * x for x in range(4)]
    return x, squares, [[x * y for x in range(y)] for y in range(1, 4)]


async def size(path):
    await disk.read(len(path) * 100)
    return len(path) * scale


async def main():
    print(late_binding())
    print(shadowing())
    sizes = [await size(p) for p in ["a", "bb", "ccc"]]
    print(sizes, f"{asyncio.get_running_loop().time():.3f}")
    groups = [[await size(p) for p in group] for group in [["x"], ["yy", "z"]]]
    print(groups, f"{asyncio.get_running_loop().time():.3f}")
    ratios = [
        [
            s / (s - scale)
            for s in row
        ]
        for row in groups + [[3]]
    ]
    print(ratios)


asyncio.run(main())
