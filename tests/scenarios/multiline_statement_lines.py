# In a statement over several lines, each part has its own line, as CPython's
# instructions do: a coroutine dropped by a comparison on line 11 is reported
# there, and the NameError at the line of the name.
import asyncio


async def fetch(i):
    await asyncio.sleep(0.1)
    return i


async def main():
    print(
        fetch(1)
        is None
    )
    results = await asyncio.gather(
        fetch(1),
        fetch(2),
    )
    x = [
        fetch(3),
    ]
    x = None
    print(results, {
        "a": 1,
        "b": undefined_name,
    })


asyncio.run(main())
