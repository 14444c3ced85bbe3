# default task names count Task-1, Task-2, ... across the program; asyncio.create_task(name=) sets a name but still uses up a number
import asyncio
from awaitscope import Device, cpu


async def who(tag):
    me = asyncio.current_task()
    print(tag, "runs as", me.get_name())
    return me.get_name()


async def main():
    print("main is", asyncio.current_task().get_name())
    a = asyncio.create_task(who("a"))
    b = asyncio.create_task(who("b"), name="custom-b")
    c = asyncio.create_task(who("c"))
    names = await asyncio.gather(a, b, c, who("gathered coroutine"))
    print(names)
    print(await asyncio.wait_for(who("wait_for wraps a task"), 1))
    print(await who("plain await runs in main"))
    d = asyncio.create_task(who("d"), name=42)
    print(await d)


asyncio.run(main())
