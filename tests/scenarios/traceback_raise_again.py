# raising a caught exception again by name keeps its traceback, and a bare raise keeps the line
import asyncio


def check(x):
    if x < 0:
        raise ValueError("negative")
    return x


async def step(x):
    await asyncio.sleep(0.1)
    try:
        return check(x)
    except ValueError as e:
        print("step saw", e)
        raise e


async def main():
    try:
        await step(-1)
    except ValueError:
        print("main saw it too")
    try:
        await step(-2)
    except ValueError as e:
        raise


asyncio.run(main())
