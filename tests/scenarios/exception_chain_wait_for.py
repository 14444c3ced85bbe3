# An uncaught TimeoutError from wait_for: CPython prints the CancelledError that
# caused it first, then "The above exception was the direct cause ...".
import asyncio
from awaitscope import cpu

async def slow():
    await asyncio.sleep(10)

async def main():
    await asyncio.wait_for(slow(), 0.1)

asyncio.run(main())
