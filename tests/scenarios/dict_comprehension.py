# A dict comprehension: its own <dictcomp> frame, keys computed before values, awaits
# inside an async function, lambdas capturing its variable, a lazy generator as input.
import asyncio
from awaitscope import cpu


async def size(name):
    await asyncio.sleep(0.1)
    return len(name)


async def main():
    names = ["ann", "bo", "cyd"]
    cpu(0.01)
    lengths = {n: len(n) for n in names}
    print(lengths, {n: i for i, n in enumerate(names) if i != 1}, {k: v for k, v in []})
    print({(a, b): a * b for a in range(2) for b in range(2)}, {x % 2: x for x in range(5)})
    print({n: await size(n) for n in names}, f"{asyncio.get_running_loop().time():.1f}")
    adders = {k: lambda: k for k in "ab"}
    print({k: f() for k, f in adders.items()})
    print({n: [c for c in n] for n in names[:2]})
    print({k: v for k, v in zip("ab", (print("gen", x) or x for x in range(3)))})
    try:
        print({[k]: 1 for k in "a"})
    except TypeError as e:
        print("TypeError:", e)
    bad = {n: 10 // (len(n) - 2) for n in names}


asyncio.run(main())
