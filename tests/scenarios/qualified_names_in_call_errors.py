# Argument errors name the function by __qualname__ (a comprehension adds no <locals>), and
# keyword errors come before "takes N positional arguments"
import asyncio
from awaitscope import cpu


def make_handlers():
    def handle(event, *, retries):
        return event

    return handle, [lambda n: n * i for i in range(2)]


async def main():
    handle, scaled = make_handlers()
    attempts = [
        lambda: handle(),
        lambda: handle("e", event="f", retries=0),
        lambda: handle("e", retry=2),
        lambda: handle("e"),
        lambda: handle("e", 2, 3, retries=1, extra=0),
        lambda: handle("e", 2, 3, event=0),
        lambda: handle("e", 2, 3),
        lambda: scaled[1](),
        lambda: scaled[0](1, 2),
        lambda: (lambda: 0)(1),
    ]
    for attempt in attempts:
        try:
            attempt()
        except TypeError as e:
            print(e)
    print(scaled[1].__qualname__, handle.__qualname__, attempts[0].__qualname__)
    loop = asyncio.get_running_loop()
    loop.call_soon(scaled[0])
    await asyncio.sleep(0)
    print(scaled[1](21))


asyncio.run(main())
