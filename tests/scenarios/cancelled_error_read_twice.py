# A cancelled task hands out the CancelledError it was cancelled with once; asking again
# (result(), exception(), another await) makes a new one without the message, as
# Future._make_cancelled_error does in CPython. In the blocking baseline the sleeps
# do not yield, so the second task has not run its cancellation yet when asked.
import asyncio
from awaitscope import cpu


async def main():
    t = asyncio.create_task(asyncio.sleep(1))
    t.cancel("stop")
    try:
        await t
    except asyncio.CancelledError as e:
        print("await", e.args)
    for read in (t.result, t.exception, t.result):
        try:
            read()
        except asyncio.CancelledError as e:
            print(read.__name__, e.args)

    u = asyncio.create_task(asyncio.sleep(1))
    await asyncio.sleep(0)
    u.cancel("halt")
    cpu(0.01)
    await asyncio.sleep(0.5)
    for _ in range(2):
        try:
            u.result()
        except asyncio.CancelledError as e:
            print("result", e.args)
        except asyncio.InvalidStateError as e:
            print("not yet:", e)

asyncio.run(main())
