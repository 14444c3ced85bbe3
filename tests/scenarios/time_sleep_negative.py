# time.sleep with a negative length raises CPython's ValueError; caught the first time
import asyncio
import time
from awaitscope import Device, cpu

try:
    time.sleep(-0.5)
except ValueError as e:
    print("caught:", e)
try:
    cpu(-0.001)
except ValueError as e:
    print("caught:", e)
time.sleep(0.5)
print(asyncio.new_event_loop().time())
time.sleep(-2)
