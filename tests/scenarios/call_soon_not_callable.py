# Outside debug mode the loop schedules whatever it is given: a coroutine (a mix-up of
# callback and coroutine styles) or a number fails only when its handle runs, and the
# loop logs it; the program goes on.
import asyncio
from awaitscope import Device, cpu


async def job():
    print("job ran")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(job())
    loop.call_later(0.5, 5)
    loop.call_later(1, print, f"{loop.time():.1f} scheduled at")
    await asyncio.sleep(2)
    print(f"{loop.time():.1f} main done")


asyncio.run(main())
