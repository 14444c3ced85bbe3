# stop() before run_forever() still runs exactly one iteration of the ready callbacks
import asyncio
from awaitscope import Device, cpu

loop = asyncio.new_event_loop()
loop.call_soon(print, "first callback")
loop.call_soon(loop.call_soon, print, "scheduled by a callback: next iteration")
loop.call_later(0, print, "call_later(0) is due now")
loop.stop()
loop.run_forever()
print("run_forever returned after one iteration")
loop.call_soon(loop.stop)
loop.run_forever()
print("second run_forever returned", loop.time())
