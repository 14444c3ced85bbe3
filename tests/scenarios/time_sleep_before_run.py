# time.sleep before asyncio.run advances the one virtual clock that every loop reads
import asyncio
import time
from awaitscope import Device, cpu

print("start", asyncio.new_event_loop().time())
time.sleep(2.5)
cpu(0.25)


async def main():
    loop = asyncio.get_running_loop()
    print("loop starts at", loop.time())
    await asyncio.sleep(1)
    print("after sleep", loop.time())
    time.sleep(0.125)
    print("after time.sleep inside a coroutine", loop.time())


asyncio.run(main())
time.sleep(0)
print("end", asyncio.new_event_loop().time())
