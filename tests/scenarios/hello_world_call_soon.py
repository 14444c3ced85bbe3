# seed: a hand-made loop whose callbacks alternate Hello/world with call_soon, blocking in time.sleep, stopped after four calls
import asyncio
import time
from awaitscope import Device, cpu

count = 0

def hello():
    global count
    print("Hello", loop.time())
    time.sleep(1)
    count += 1
    if count == 4:
        loop.stop()
    else:
        loop.call_soon(world)

def world():
    global count
    print("world", loop.time())
    time.sleep(1)
    count += 1
    if count == 4:
        loop.stop()
    else:
        loop.call_soon(hello)

loop = asyncio.new_event_loop()
loop.call_soon(hello)
loop.run_forever()
print("done at", loop.time())
