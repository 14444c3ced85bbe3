# A coroutine passed to a call that fails is freed as the call fails, in the frame that
# made the call, so CPython warns at that line even when a caller catches the error
# several frames up.
import asyncio


def takes_one(a):
    pass


def passes_two():
    return takes_one(asyncio.sleep(0), 2)


def schedules_badly():
    return asyncio.create_task(asyncio.sleep(0), coro=1)


def deeper():
    passes_two()


async def main():
    attempts = [
        ("lambda", lambda: takes_one(asyncio.sleep(0.5), "extra")),
        ("one frame down", passes_two),
        ("two frames down", deeper),
        ("a native refuses it", schedules_badly),
    ]
    for label, attempt in attempts:
        try:
            attempt()
        except TypeError as e:
            print(label, "->", e)
    try:
        takes_one(asyncio.sleep(1), 3)
    except TypeError as e:
        print("in this frame ->", e)
    print("done")


asyncio.run(main())
