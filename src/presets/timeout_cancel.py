# wait_for gives the lookup half a second, then cancels it: the task sees
# CancelledError at its await, and main sees TimeoutError.
import asyncio
from awaitscope import Device

slow_api = Device("slow-api", latency=2.0)


async def lookup():
    try:
        await slow_api.read(100)
        return "answer"
    except asyncio.CancelledError:
        print("lookup cancelled")
        raise


async def main():
    try:
        result = await asyncio.wait_for(lookup(), timeout=0.5)
        print(result)
    except asyncio.TimeoutError:
        print(f"gave up at {asyncio.get_running_loop().time():.1f} s")


asyncio.run(main())
