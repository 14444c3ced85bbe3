# durations are rounded to whole microseconds with round() (ties to even); tiny sleeps still cost a timer
import asyncio
from awaitscope import Device, cpu


async def main():
    loop = asyncio.get_running_loop()
    for d in [0.0000005, 0.0000015, 0.0000025, 0.0000004, 1e-9, 2.5e-6, 0.0000035]:
        start = loop.time()
        await asyncio.sleep(d)
        print(f"sleep({d}) advanced {round((loop.time() - start) * 1e6)} us")
    start = loop.time()
    cpu(0.0000025)
    print("cpu(2.5e-6) advanced", round((loop.time() - start) * 1e6), "us")
    print(round(0.5), round(1.5), round(2.5), round(0.0000025 * 1e6))
    print(loop.time())


asyncio.run(main())
