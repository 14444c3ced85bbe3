# closures capture variables, not values: late binding in lambdas, default-argument capture, nonlocal counters
import asyncio
from awaitscope import Device, cpu


def make_counter():
    count = 0

    def bump(step=1):
        nonlocal count
        count += step
        return count

    return bump


async def main():
    loop = asyncio.get_running_loop()
    late = [lambda: i for i in range(3)]
    early = [lambda i=i: i for i in range(3)]
    print([f() for f in late], [f() for f in early])
    bump = make_counter()
    out = []
    for d in [0.3, 0.1, 0.2]:
        loop.call_later(d, lambda d=d: out.append((d, bump(10))))
    loop.call_soon(lambda: out.append(("soon", bump())))
    await asyncio.sleep(0.5)
    print(out)
    other = make_counter()
    print(other(), other(5), bump(0))


asyncio.run(main())
