# a callback-only program: run_forever until a callback calls stop; stop lets the current iteration finish
import asyncio
from awaitscope import Device, cpu

loop = asyncio.new_event_loop()
log = []


def tick(n):
    log.append(n)
    print(f"{loop.time():.3f} tick {n}")
    if n < 5:
        loop.call_later(0.2 * n, tick, n + 1)
    else:
        loop.call_soon(print, "scheduled in the same iteration as stop")
        loop.stop()
        print("stop() called")


loop.call_soon(tick, 1)
loop.run_forever()
print("run_forever returned", log)
loop.call_soon(print, "runs in the next run_forever")
loop.call_soon(loop.stop)
loop.run_forever()
print(f"{loop.time():.3f} end")
