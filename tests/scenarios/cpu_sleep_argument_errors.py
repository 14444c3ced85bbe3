# cpu(seconds) and time.sleep(seconds) check their argument as the helper module's
# Python functions do: a number (bools are ints), not NaN, not negative
import asyncio
import time
from awaitscope import Device, cpu


async def main():
    loop = asyncio.get_running_loop()
    for work in [cpu, time.sleep]:
        for args in [("0.5",), (None,), (float("nan"),), (True,), (-0.0,)]:
            try:
                work(*args)
                print(f"{loop.time():.3f} ok", args)
            except (TypeError, ValueError) as e:
                print(f"{type(e).__name__}: {e}")
    cpu([0.25])


asyncio.run(main())
