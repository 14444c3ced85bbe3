# a task cancelled before its first step: the traceback points at its def line
import asyncio


async def never_runs():
    print("never printed")


async def main():
    t = asyncio.create_task(never_runs())
    t.cancel()
    await t


asyncio.run(main())
