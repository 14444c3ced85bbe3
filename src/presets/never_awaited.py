# Calling a coroutine function only creates a coroutine object: without
# await (or create_task) it never runs, and Python warns about it.
import asyncio
from awaitscope import Device

disk = Device("disk", latency=0.02)


async def save(name):
    await disk.write(100)
    print(f"saved {name}")


async def main():
    save("report")
    await save("summary")


asyncio.run(main())
