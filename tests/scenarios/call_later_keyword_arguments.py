# A callback's arguments are positional only: print's sep= cannot go through call_soon/call_later
import asyncio
from awaitscope import Device, cpu


def report(loop, *words):
    print(f"{loop.time():.2f}", *words)


loop = asyncio.new_event_loop()
print(loop)
loop.call_soon(report, loop, "soon", "first")
loop.call_later(0.5, report, loop, "later")
loop.call_at(1.0, loop.stop)
for schedule in [
    lambda: loop.call_soon(print, "a", "b", sep="-"),
    lambda: loop.call_at(0.7, print, "a", end=""),
    lambda: loop.no_such_method,
]:
    try:
        schedule()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
loop.run_forever()
print(loop)
loop.call_later(0.2, print, "x", "y", sep="+")
