# Forgetting await on asyncio's own coroutines (and the helper's Device.read) is reported
# too, by qualified name; so is a coroutine given to run_until_complete on a running loop.
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.1)


async def job(name):
    print("job", name, "ran")


async def main():
    loop = asyncio.get_running_loop()
    asyncio.sleep(1)
    disk.read(512)
    q = asyncio.Queue()
    q.get()
    asyncio.Lock().acquire()
    asyncio.Event().wait()
    print(f"{loop.time():.3f} forgot five awaits")
    # Held in variables, so CPython frees them where the simulator does (a traceback
    # would keep them alive until the end of the except block).
    nested = job("nested")
    try:
        loop.run_until_complete(nested)
    except RuntimeError as e:
        print("RuntimeError:", e)
    nested = None
    pending = [asyncio.sleep(0)]
    try:
        await asyncio.wait(pending)
    except TypeError as e:
        print("TypeError:", e)
    pending = None
    await asyncio.sleep(0.5)
    n = await disk.read(512)
    print(f"{loop.time():.3f} read {n}")


asyncio.run(main())
