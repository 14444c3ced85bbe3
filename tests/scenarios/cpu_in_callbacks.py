# cpu() in plain callbacks delays every later timer; call_later counts from the moment it is called
import asyncio
from awaitscope import Device, cpu

loop = asyncio.new_event_loop()


def work(name, seconds):
    print(f"{loop.time():.3f} {name} starts")
    cpu(seconds)
    print(f"{loop.time():.3f} {name} ends")


def chain():
    print(f"{loop.time():.3f} chain schedules a 0.5 s timer")
    loop.call_later(0.5, work, "from chain", 0.1)


loop.call_later(0.1, work, "A", 1.0)
loop.call_later(0.2, work, "B", 0.25)
loop.call_later(0.3, chain)
loop.call_later(3, loop.stop)
loop.run_forever()
print(f"{loop.time():.3f} stopped")
