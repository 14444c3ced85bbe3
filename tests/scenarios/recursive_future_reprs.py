# A future that is its own result, or holds itself in it: its repr writes the
# inner one as "...", as reprlib.recursive_repr does for asyncio's reprs (found by
# the no-panic fuzzer: the simulator recursed until its stack ran out).
import asyncio


async def itself():
    return asyncio.current_task()


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(itself())
    same = await task
    print(same is task)
    print(task)

    future = loop.create_future()
    future.set_result([future, 1])
    print(future)

    first = loop.create_future()
    second = loop.create_future()
    first.set_result(second)
    second.set_result((first,))
    print(first)
    print(second)

    both = await asyncio.gather(itself(), itself())
    print(len(both), both[0] is both[1])


asyncio.run(main())
