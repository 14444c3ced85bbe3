# A callback-style loop whose callbacks stop rescheduling each other before any calls
# loop.stop(): run_forever() would wait forever in CPython. Both stop it and say so.
import asyncio
import time
from awaitscope import cpu

loop = asyncio.get_event_loop()


def tick(n):
    print("tick", n, f"{loop.time():.1f}")
    time.sleep(0.5)
    if n < 3:
        loop.call_later(1, tick, n + 1)


loop.call_soon(tick, 1)
loop.run_forever()
print("never printed")
