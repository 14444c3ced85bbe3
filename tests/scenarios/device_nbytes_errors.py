# read/write reject byte counts that are not non-negative ints; the error surfaces when the request is made
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.01)


async def main():
    loop = asyncio.get_running_loop()
    for n in [-1, 1.5, "10", None, True, 0, [1], (2,), False]:
        try:
            got = await disk.read(n)
            print(f"{loop.time():.3f} read({n!r}) -> {got!r}")
        except TypeError as e:
            print(f"read({n!r}) TypeError: {e}")
        except ValueError as e:
            print(f"read({n!r}) ValueError: {e}")
    try:
        disk.write_blocking(-5)
    except ValueError as e:
        print("write_blocking:", e)
    coro = disk.write(2.0)
    print("creating the coroutine does not check yet")
    try:
        await coro
    except TypeError as e:
        print(f"{loop.time():.3f} awaiting it does: {e}")


asyncio.run(main())
