# Task.done, Task.result, awaiting a finished task twice, result() re-raising the task's exception
import asyncio
from awaitscope import Device, cpu


async def compute(x):
    await asyncio.sleep(x)
    return x * 2


async def main():
    t = asyncio.create_task(compute(1))
    print("done?", t.done())
    await asyncio.wait([t])
    print(f"{asyncio.get_running_loop().time():.3f} done?", t.done(), "result", t.result())
    print(await t, await t)
    failing = asyncio.create_task(compute("x"))
    done, pending = await asyncio.wait([failing])
    print("failing done?", failing.done(), len(done), len(pending))
    try:
        failing.result()
    except TypeError as e:
        print("result() re-raises:", e)


asyncio.run(main())
