# asyncio.wait with FIRST_COMPLETED returns as soon as one task finishes; the rest stay pending
import asyncio
from awaitscope import Device, cpu


async def job(name, delay):
    await asyncio.sleep(delay)
    print(f"{asyncio.get_running_loop().time():.3f} {name} done")
    return name


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(job(n, d), name=n) for n, d in [("x", 3), ("y", 1), ("z", 2)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f"{loop.time():.3f} done={len(done)} pending={len(pending)}")
    print("finished:", sorted([t.result() for t in done]))
    print("still running:", sorted([t.get_name() for t in pending]))
    if pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        print(f"{loop.time():.3f} next:", sorted([t.result() for t in done]), len(pending))
    done, pending = await asyncio.wait(tasks)
    print(f"{loop.time():.3f} all:", sorted([t.result() for t in done]), len(pending))
    print([t.done() for t in tasks])


asyncio.run(main())
