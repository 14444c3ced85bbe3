# run_until_complete(future) takes only a future of its own loop, as
# ensure_future(future, loop=self) checks. asyncio.gather() of nothing, outside any
# running loop, belongs to the loop asyncio.get_event_loop() gives, not to a new one.
import asyncio


async def work():
    return 7


loop = asyncio.new_event_loop()
other = asyncio.new_event_loop()
fut = other.create_future()
try:
    loop.run_until_complete(fut)
except ValueError as e:
    print(e)
g = asyncio.gather()
print(g.done(), g.result())
try:
    loop.run_until_complete(g)
except ValueError as e:
    print(e)
print(loop.run_until_complete(work()))
loop.close()
other.close()
