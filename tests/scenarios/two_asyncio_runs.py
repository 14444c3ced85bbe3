# each asyncio.run uses a new loop on the same clock; task numbering continues (shutdown creates two tasks)
import asyncio
import time
from awaitscope import Device, cpu


async def main(tag):
    loop = asyncio.get_running_loop()
    print(tag, asyncio.current_task().get_name(), f"{loop.time():.3f}")
    t = asyncio.create_task(asyncio.sleep(1))
    print(tag, "child", t.get_name())
    await t
    return loop.time()


first = asyncio.run(main("first"))
print("first ended at", first)
time.sleep(0.5)
second = asyncio.run(main("second"))
print("second ended at", second)
loop = asyncio.new_event_loop()
print("run_until_complete:", loop.run_until_complete(main("third")))
