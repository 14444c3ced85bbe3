# every kind of wait in one deadlock: the report names what each task waits on, as the helper module's does
import asyncio
from awaitscope import cpu


async def hold(lock, sem):
    await lock.acquire()
    await sem.acquire()
    await asyncio.Event().wait()


async def main():
    loop = asyncio.get_running_loop()
    lock, sem = asyncio.Lock(), asyncio.Semaphore(1)
    full, empty = asyncio.Queue(maxsize=1), asyncio.Queue()
    full.put_nowait("x")
    unfinished = asyncio.Queue()
    unfinished.put_nowait("job")
    never = loop.create_future()
    holder = asyncio.create_task(hold(lock, sem), name="holder")
    await asyncio.sleep(0.1)
    waiters = [
        asyncio.create_task(lock.acquire(), name="on-lock"),
        asyncio.create_task(sem.acquire(), name="on-semaphore"),
        asyncio.create_task(empty.get(), name="on-get"),
        asyncio.create_task(full.put("y"), name="on-put"),
        asyncio.create_task(unfinished.join(), name="on-join"),
        asyncio.create_task(asyncio.wait_for(never, None), name="on-wait-for"),
        asyncio.create_task(asyncio.wait([holder]), name="on-wait"),
    ]

    async def first_of(tasks):
        for next_done in asyncio.as_completed(tasks):
            return await next_done

    async def plain():
        return await never

    async def shielded():
        return await asyncio.shield(never)

    waiters.append(asyncio.create_task(first_of([holder]), name="on-as-completed"))
    waiters.append(asyncio.create_task(plain(), name="on-future"))
    waiters.append(asyncio.create_task(shielded(), name="on-shield"))
    print("every task waits")
    await asyncio.gather(*waiters)


asyncio.run(main())
