# coroutines never awaited: dropped on every turn of a loop (CPython's warnings filter
# shows one warning per line), and held by globals until the program ends (reported at
# exit, sys:1, when CPython frees the module; once, the text being the same)
import asyncio
from awaitscope import Device

disk = Device("disk", latency=0.01)


async def fetch(i):
    await disk.read(100)
    return i


async def main():
    global forgotten
    forgotten = fetch(10)  # created, kept, never awaited
    for i in range(3):
        fetch(i)  # created and dropped at once, three times
    print(await fetch(1))


started_too_early = fetch(0)
batch = [fetch(i) for i in range(2, 4)]
asyncio.run(main())
print("main returned; four coroutines were never run")
