# an exception raised in a task reaches whoever awaits it, as often as it is awaited
import asyncio
from awaitscope import Device, cpu


async def fail_later(delay):
    await asyncio.sleep(delay)
    raise IndexError(f"failed after {delay}")


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(fail_later(0.5))
    print("task created, done:", t.done())
    for attempt in range(2):
        try:
            await t
        except Exception as e:
            print(f"{loop.time():.3f} attempt {attempt}: {e}", isinstance(e, IndexError), t.done())
    try:
        t.result()
    except IndexError as e:
        print("result() raises it too:", e)


asyncio.run(main())
