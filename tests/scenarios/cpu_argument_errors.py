# cpu(seconds) checks its argument as the helper module's Python function does: a
# number (bools are ints), not NaN, not negative, exactly one
import asyncio
from awaitscope import Device, cpu


async def main():
    loop = asyncio.get_running_loop()
    for args in [("0.5",), (None,), (float("nan"),), (), (0.1, 0.2), (True,), (-0.0,)]:
        try:
            cpu(*args)
            print(f"{loop.time():.3f} cpu{args} ok")
        except (TypeError, ValueError) as e:
            print(f"cpu{args}: {type(e).__name__}: {e}")
    cpu([0.25])


asyncio.run(main())
