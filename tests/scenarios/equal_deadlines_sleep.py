# timers with the same deadline fire in the order they were scheduled, even when reached by different sums
import asyncio
from awaitscope import Device, cpu


async def sleeper(name, delays):
    loop = asyncio.get_running_loop()
    for d in delays:
        await asyncio.sleep(d)
    print(f"{loop.time():.6f} {name} woke after {delays}")
    return loop.time()


async def main():
    times = await asyncio.gather(
        sleeper("two-steps", [0.1, 0.2]),
        sleeper("one-step", [0.3]),
        sleeper("three-steps", [0.1, 0.1, 0.1]),
        sleeper("late-start", [0.2, 0.1]),
        sleeper("also-one-step", [0.3]),
    )
    print(times)
    print(0.1 + 0.2, 0.1 + 0.1 + 0.1, times[0] == times[1])


asyncio.run(main())
