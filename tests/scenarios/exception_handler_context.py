# loop.call_exception_handler as asyncio's default handler logs it, and a task that
# raises while asyncio.run cancels it at shutdown.
import asyncio
from awaitscope import cpu

async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        raise ValueError("refused to stop")

async def main():
    loop = asyncio.get_running_loop()
    loop.call_exception_handler({"message": "custom report", "answer": 42, "exception": KeyError("k")})
    loop.call_exception_handler({"message": "plain"})
    asyncio.create_task(stubborn())
    await asyncio.sleep(0.1)
    print("main done")

asyncio.run(main())
