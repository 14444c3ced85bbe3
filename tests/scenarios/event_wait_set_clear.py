# Event: waiters sleep until set(); is_set and clear; a set event lets later waiters through at once
import asyncio
from awaitscope import Device, cpu


async def waiter(name, ev):
    loop = asyncio.get_running_loop()
    print(f"{loop.time():.3f} {name} waiting")
    await ev.wait()
    print(f"{loop.time():.3f} {name} released")


async def main():
    loop = asyncio.get_running_loop()
    ev = asyncio.Event()
    print("is_set", ev.is_set())
    tasks = [asyncio.create_task(waiter(f"w{i}", ev)) for i in range(3)]
    await asyncio.sleep(1)
    ev.set()
    print(f"{loop.time():.3f} set, is_set {ev.is_set()}")
    await asyncio.gather(*tasks)
    await waiter("late", ev)
    ev.clear()
    print("cleared, is_set", ev.is_set())
    loop.call_later(2, ev.set)
    await waiter("after-clear", ev)


asyncio.run(main())
