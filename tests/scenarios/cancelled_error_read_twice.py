# A cancelled task hands out the CancelledError it was cancelled with once; asking again
# (result(), exception(), another await) makes a new one without the message, as
# Future._make_cancelled_error does in CPython.
import asyncio


async def main():
    t = asyncio.create_task(asyncio.sleep(1))
    await asyncio.sleep(0)
    t.cancel("stop")
    await asyncio.sleep(0)
    for _ in range(2):
        try:
            t.result()
        except asyncio.CancelledError as e:
            print(e.args)
    u = asyncio.create_task(asyncio.sleep(1))
    await asyncio.sleep(0)
    u.cancel("halt")
    try:
        await u
    except asyncio.CancelledError as e:
        print("await", e.args)
    for read in (u.result, u.exception):
        try:
            read()
        except asyncio.CancelledError as e:
            print(read.__name__, e.args)

asyncio.run(main())
