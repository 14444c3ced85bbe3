# a task that releases a Lock and asks again at once queues behind the waiter it just woke
import asyncio
from awaitscope import Device, cpu


async def greedy(name, lock, rounds, log):
    loop = asyncio.get_running_loop()
    for i in range(rounds):
        async with lock:
            log.append(name)
            print(f"{loop.time():.3f} {name} round {i}")
            await asyncio.sleep(0.1)


async def main():
    lock = asyncio.Lock()
    log = []
    await asyncio.gather(greedy("a", lock, 3, log), greedy("b", lock, 3, log), greedy("c", lock, 1, log))
    print("".join(log))


asyncio.run(main())
