# when main returns, asyncio.run cancels the tasks still pending; their cleanup code runs and can await
import asyncio
from awaitscope import Device, cpu


async def background(name, delay):
    loop = asyncio.get_running_loop()
    try:
        await asyncio.sleep(delay)
        print(f"{loop.time():.3f} {name} finished normally")
    except asyncio.CancelledError:
        print(f"{loop.time():.3f} {name} cancelled")
        await asyncio.sleep(0.5)
        print(f"{loop.time():.3f} {name} cleanup after sleep")
        raise
    finally:
        print(f"{loop.time():.3f} {name} finally")


async def ready_now():
    print("ready_now runs after main returned")


async def main():
    loop = asyncio.get_running_loop()
    keep = [asyncio.create_task(background(f"bg{i}", i)) for i in range(1, 4)]
    await asyncio.sleep(1.5)
    keep.append(asyncio.create_task(ready_now()))
    print(f"{loop.time():.3f} main returns")
    return len(keep)


print("asyncio.run returned", asyncio.run(main()))
