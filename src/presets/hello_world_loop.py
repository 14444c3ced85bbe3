# An event loop by hand: a queue of callbacks, run one after another.
# Each callback blocks the thread with time.sleep, so nothing overlaps.
import asyncio
import time

import awaitscope  # the virtual clock: in real Python this installs it

loop = asyncio.new_event_loop()
calls = 0


def hello():
    global calls
    calls += 1
    print(f"{loop.time():.1f} s: hello")
    time.sleep(0.5)
    if calls == 4:
        loop.stop()
    else:
        loop.call_soon(world)


def world():
    global calls
    calls += 1
    print(f"{loop.time():.1f} s: world")
    time.sleep(0.5)
    if calls == 4:
        loop.stop()
    else:
        loop.call_soon(hello)


loop.call_soon(hello)
loop.run_forever()
print(f"{loop.time():.1f} s: loop stopped after {calls} calls")
