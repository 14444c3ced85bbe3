# gather(return_exceptions=True) returns exceptions in place of results, in argument order
import asyncio
from awaitscope import Device, cpu


async def job(n):
    await asyncio.sleep(n / 10)
    if n == 2:
        raise ValueError(f"job {n} failed")
    if n == 4:
        raise KeyError("missing")
    return n * n


async def main():
    loop = asyncio.get_running_loop()
    results = await asyncio.gather(job(5), job(2), job(3), job(4), job(1), return_exceptions=True)
    print(f"{loop.time():.3f} got {len(results)} results")
    for r in results:
        if isinstance(r, ValueError):
            print("  ValueError:", r)
        elif isinstance(r, KeyError):
            print("  KeyError:", r)
        else:
            print("  value:", r)
    print(sum([r for r in results if isinstance(r, int)]))


asyncio.run(main())
