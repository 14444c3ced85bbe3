# two hand-made loops share the single virtual clock; time spent in one is seen by the other
import asyncio
from awaitscope import Device, cpu


async def nap(d):
    await asyncio.sleep(d)
    return asyncio.get_running_loop().time()


a = asyncio.new_event_loop()
b = asyncio.new_event_loop()
print(a is b, a.time(), b.time())
print("a:", a.run_until_complete(nap(1.5)))
print("b:", b.run_until_complete(nap(0.25)))
print("a again:", a.run_until_complete(nap(0)), b.time())
