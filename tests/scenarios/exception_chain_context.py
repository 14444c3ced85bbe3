# An uncaught error raised while handling another: CPython prints both tracebacks,
# joined by "During handling of the above exception, another exception occurred".
import asyncio

def lookup(d):
    try:
        return d["missing"]
    except KeyError:
        return 1 / 0

async def main():
    lookup({})

asyncio.run(main())
