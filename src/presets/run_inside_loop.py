# asyncio.run() starts a new event loop, but main() already runs inside one:
# CPython refuses with a RuntimeError. Inside a coroutine, write `await greet()`.
import asyncio


async def greet():
    print("hello from greet")


async def main():
    print("main is running inside the event loop")
    asyncio.run(greet())
    print("this line is never reached")


asyncio.run(main())
