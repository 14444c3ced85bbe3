# tasks start in creation order, only once the creating coroutine yields
import asyncio
from awaitscope import Device, cpu


async def step(name, order):
    order.append(name + ":start")
    print("start", name, asyncio.current_task().get_name())
    await asyncio.sleep(0)
    order.append(name + ":after sleep(0)")
    print("resume", name)


async def main():
    order = []
    tasks = []
    for name in ["a", "b", "c"]:
        tasks.append(asyncio.create_task(step(name, order)))
        print("created", name)
    print("main has not yielded yet:", order)
    await asyncio.sleep(0)
    print("after one yield:", order)
    for t in tasks:
        await t
    print("final:", order)


asyncio.run(main())
