# asyncio.wait with a timeout returns what finished in time and does not cancel the rest
import asyncio
from awaitscope import Device, cpu


async def job(name, delay):
    loop = asyncio.get_running_loop()
    try:
        await asyncio.sleep(delay)
        print(f"{loop.time():.3f} {name} done")
        return delay
    finally:
        print(f"{loop.time():.3f} {name} exits")


async def main():
    loop = asyncio.get_running_loop()
    tasks = []
    for i, d in enumerate([0.5, 2.5, 1.5, 4]):
        tasks.append(asyncio.create_task(job(f"job{i}", d)))
    done, pending = await asyncio.wait(tasks, timeout=2, return_when=asyncio.ALL_COMPLETED)
    print(f"{loop.time():.3f} after wait: {len(done)} done, {len(pending)} pending")
    print(sorted([t.result() for t in done]))
    for t in tasks:
        print(t.get_name(), t.done(), t.cancelled())
    tasks[3].cancel()
    done, pending = await asyncio.wait(tasks)
    print(f"{loop.time():.3f} finally {len(done)} done, {len(pending)} pending")
    print([t.cancelled() for t in tasks])


asyncio.run(main())
