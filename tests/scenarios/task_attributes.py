# Tasks, futures and event loops take attributes of the program's own, as any
# Python object with a __dict__ does. "Did you mean" knows a loop's (a Python
# object's), not a task's (a C object's, whose __dict__ dir() does not list).
import asyncio
from awaitscope import Device

disk = Device("disk", latency=0.02)


async def fetch(i):
    await disk.read(1000 * i)
    return i


async def main():
    loop = asyncio.get_running_loop()
    loop.label = "main loop"
    tasks = []
    for i in range(3):
        t = asyncio.create_task(fetch(i))
        t.label = f"fetch #{i}"
        t.started = loop.time()
        tasks.append(t)
    marker = loop.create_future()
    marker.label = "marker"
    marker.set_result(None)
    for t in tasks:
        await t
        print(t.label, t.result(), t.started, f"{loop.time():.3f}")
    print(marker.label, asyncio.get_running_loop().label)
    tasks[0].label = tasks[0].label.upper()
    print(tasks[0].label)
    try:
        print(tasks[1].labl)
    except AttributeError as e:
        print("AttributeError:", e)
    print(loop.labl)


asyncio.run(main())
