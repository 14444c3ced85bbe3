# a task cancelled before it ever runs never executes a line of its body
import asyncio
from awaitscope import Device, cpu


async def never():
    print("never printed")


async def main():
    t = asyncio.create_task(never(), name="doomed")
    t.cancel()
    print(t.get_name(), "done?", t.done())
    await asyncio.sleep(0)
    print(t.get_name(), "done?", t.done(), "cancelled?", t.cancelled())
    u = asyncio.create_task(never())
    await u
    print(u.get_name(), "cancel after finishing:", u.cancel(), u.cancelled(), u.result())


asyncio.run(main())
