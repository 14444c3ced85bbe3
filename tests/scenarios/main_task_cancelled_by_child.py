# a child cancels the main task: asyncio.run raises CancelledError, which ends the program
import asyncio
from awaitscope import Device, cpu


async def saboteur(target):
    await asyncio.sleep(1)
    print("cancelling main")
    target.cancel()


async def main():
    helper = asyncio.create_task(saboteur(asyncio.current_task()))
    try:
        await asyncio.sleep(10)
    finally:
        print(f"{asyncio.get_running_loop().time():.3f} main finally")
    print("main after its sleep; helper done:", helper.done())


asyncio.run(main())
