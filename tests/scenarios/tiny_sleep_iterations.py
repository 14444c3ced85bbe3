# sleep(0) takes one loop iteration; a sleep that rounds to 0 us takes two (a timer, then the wake-up)
import asyncio
from awaitscope import Device, cpu


async def counter(log):
    for i in range(6):
        log.append(i)
        await asyncio.sleep(0)


async def sleeper(log, d):
    await asyncio.sleep(d)
    log.append(f"woke from {d}")


async def main():
    log = []
    await asyncio.gather(counter(log), sleeper(log, 0), sleeper(log, 1e-7), sleeper(log, -3))
    print(log)
    print(asyncio.get_running_loop().time())


asyncio.run(main())
