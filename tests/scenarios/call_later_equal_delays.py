# call_later with equal delays fires in scheduling order; call_later(0) runs after call_soon callbacks
import asyncio
from awaitscope import Device, cpu

loop = asyncio.new_event_loop()
fired = []


def note(label):
    fired.append(label)
    print(f"{loop.time():.3f} {label}")


def first():
    note("first")
    loop.call_later(0, note, "later(0) from first")
    loop.call_soon(note, "soon from first")
    loop.call_later(1, note, "later(1) #3")


loop.call_later(1, note, "later(1) #1")
loop.call_later(0.5, note, "later(0.5)")
loop.call_later(1, note, "later(1) #2")
loop.call_soon(first)
loop.call_later(2, loop.stop)
loop.call_later(-1, note, "negative delay")
loop.run_forever()
print(fired)
