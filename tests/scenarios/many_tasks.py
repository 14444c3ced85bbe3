# 200 tasks with a few distinct deadlines: completion order must follow deadline, then scheduling order
import asyncio
from awaitscope import Device, cpu

disk = Device("disk", latency=0.001, parallel=4)


async def job(i, order):
    await asyncio.sleep((i * 7) % 5 / 10)
    if i % 3 == 0:
        await disk.read(i)
    else:
        await asyncio.sleep(0)
    order.append(i)


async def main():
    loop = asyncio.get_running_loop()
    order = []
    tasks = [asyncio.create_task(job(i, order)) for i in range(200)]
    await asyncio.gather(*tasks)
    print(len(order), loop.time())
    for k in range(0, 200, 20):
        print(order[k:k + 20])
    print(tasks[-1].get_name(), sum(order))


asyncio.run(main())
