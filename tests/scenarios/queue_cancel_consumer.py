# cancelling consumers blocked in queue.get at the end of a job, the usual worker-pool shutdown
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.02, parallel=2)


async def worker(name, q, done):
    loop = asyncio.get_running_loop()
    try:
        while True:
            path = await q.get()
            await disk.read(len(path) * 100)
            done.append(f"{name}:{path}")
            q.task_done()
    except asyncio.CancelledError:
        print(f"{loop.time():.3f} {name} stops")
        raise


async def main():
    loop = asyncio.get_running_loop()
    q = asyncio.Queue()
    for path in ["a.txt", "bb.txt", "ccc.txt", "d", "ee", "f.csv", "g"]:
        q.put_nowait(path)
    done = []
    workers = [asyncio.create_task(worker(f"w{i}", q, done)) for i in range(3)]
    await q.join()
    print(f"{loop.time():.3f} queue drained: {done}")
    for w in workers:
        w.cancel()
    results = await asyncio.gather(*workers, return_exceptions=True)
    print(len(results), [w.cancelled() for w in workers])


asyncio.run(main())
