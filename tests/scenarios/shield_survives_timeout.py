# shield protects the inner task from wait_for's cancellation; the inner work still finishes
import asyncio
from awaitscope import Device, cpu


async def save(loop, log):
    print(f"{loop.time():.3f} saving")
    await asyncio.sleep(2)
    log.append("saved")
    print(f"{loop.time():.3f} saved")
    return "ok"


async def main():
    loop = asyncio.get_running_loop()
    log = []
    inner = asyncio.create_task(save(loop, log))
    try:
        await asyncio.wait_for(asyncio.shield(inner), timeout=0.5)
    except asyncio.TimeoutError:
        print(f"{loop.time():.3f} gave up waiting; inner cancelled? {inner.cancelled()}")
    print("log so far:", log)
    result = await inner
    print(f"{loop.time():.3f} inner result {result!r}, log {log}")


asyncio.run(main())
