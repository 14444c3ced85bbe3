# get_event_loop: the running loop inside a coroutine; outside, the policy's loop until asyncio.run unsets it
import asyncio
from awaitscope import Device, cpu


async def main():
    running = asyncio.get_running_loop()
    print("same loop:", asyncio.get_event_loop() is running)
    await asyncio.sleep(0.25)
    print("time", running.time(), asyncio.get_event_loop().time())
    return running


loop = asyncio.get_event_loop()
print("stable outside a coroutine:", asyncio.get_event_loop() is loop)
ran_in = loop.run_until_complete(main())
print("run_until_complete ran in it:", ran_in is loop)
ran_in2 = asyncio.run(main())
print("asyncio.run used a new loop:", ran_in2 is not loop)
try:
    asyncio.get_event_loop()
except RuntimeError as e:
    print("after asyncio.run:", e)
print("the old loop still works:", loop.run_until_complete(asyncio.sleep(1, "yes")), loop.time())
