# an uncaught Device argument error ends the program with its message
import asyncio
from awaitscope import Device, cpu

print("creating devices")
ok = Device("ok", latency=0.01, parallel=2)
bad = Device("bad", latency=0.01, parallel=-3)
print("not reached")
