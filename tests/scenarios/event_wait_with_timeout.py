# waiting on an Event with wait_for: one waiter times out, another sees the event set in time
import asyncio
from awaitscope import Device, cpu


async def wait_for_event(name, ev, timeout):
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(ev.wait(), timeout)
        print(f"{loop.time():.3f} {name}: event seen")
        return True
    except asyncio.TimeoutError:
        print(f"{loop.time():.3f} {name}: gave up")
        return False


async def main():
    loop = asyncio.get_running_loop()
    ev = asyncio.Event()
    loop.call_later(2, ev.set)
    results = await asyncio.gather(wait_for_event("impatient", ev, 1), wait_for_event("patient", ev, 3))
    print(results, ev.is_set())


asyncio.run(main())
