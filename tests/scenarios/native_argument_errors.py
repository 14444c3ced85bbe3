# The natives a scenario calls (cpu, time.sleep, asyncio's functions, the methods of
# futures, tasks, handles, loops and coroutines) check their arguments as CPython 3.11
# with the helper module does: the helper's and asyncio's Python functions as Python
# binds arguments (keywords first), the C methods of _asyncio as METH_NOARGS, METH_O
# or the argument clinic do; a keyword may name a positional parameter.
import asyncio
import time
from awaitscope import cpu


async def work():
    return "done"


def attempt(label, call):
    try:
        result = call()
        print(label, "=", result if result is None or isinstance(result, (bool, float, str)) else "ok")
    except (TypeError, AttributeError, RuntimeError) as e:
        print(label, "->", type(e).__name__, e)


async def main():
    loop = asyncio.get_running_loop()
    other = asyncio.new_event_loop()
    fut = loop.create_future()
    task = asyncio.create_task(work(), name="worker")
    soon = loop.call_soon(print, "never")
    soon.cancel()
    timer = loop.call_later(5, print, "never")
    timer.cancel()
    coro = work()
    me = asyncio.current_task()
    calls = [
        ("cpu()", lambda: cpu()),
        ("cpu(1, 2)", lambda: cpu(1, 2)),
        ("cpu(x=1)", lambda: cpu(x=1)),
        ("cpu(0.25, seconds=1)", lambda: cpu(0.25, seconds=1)),
        ("cpu(seconds=0.25)", lambda: cpu(seconds=0.25)),
        ("time.sleep(seconds=0.5)", lambda: time.sleep(seconds=0.5)),
        ("time.sleep()", lambda: time.sleep()),
        ("time.sleep(1, x=2)", lambda: time.sleep(1, x=2)),
        ("time.time(1)", lambda: time.time(1)),
        ("time.monotonic(x=1)", lambda: time.monotonic(x=1)),
        ("loop.time()", lambda: loop.time()),
        ("asyncio.get_running_loop(1)", lambda: asyncio.get_running_loop(1)),
        ("asyncio.get_event_loop(x=1)", lambda: asyncio.get_event_loop(x=1)),
        ("asyncio.current_task(1, 2)", lambda: asyncio.current_task(1, 2)),
        ("asyncio.current_task(other)", lambda: asyncio.current_task(other)),
        ("asyncio.current_task(loop=loop) is me", lambda: asyncio.current_task(loop=loop) is me),
        ("asyncio.current_task(None) is me", lambda: asyncio.current_task(None) is me),
        ("asyncio.all_tasks(1, 2)", lambda: asyncio.all_tasks(1, 2)),
        ("asyncio.iscoroutine()", lambda: asyncio.iscoroutine()),
        ("asyncio.isfuture(obj=fut)", lambda: asyncio.isfuture(obj=fut)),
        ("asyncio.ensure_future(fut, 2)", lambda: asyncio.ensure_future(fut, 2)),
        ("asyncio.ensure_future(x=1)", lambda: asyncio.ensure_future(x=1)),
        ("asyncio.create_task()", lambda: asyncio.create_task()),
        ("asyncio.create_task(1, coro=2)", lambda: asyncio.create_task(1, coro=2)),
        ("asyncio.create_task(1, 2, name='x')", lambda: asyncio.create_task(1, 2, name="x")),
        ("asyncio.new_event_loop(1)", lambda: asyncio.new_event_loop(1)),
        ("asyncio.set_event_loop()", lambda: asyncio.set_event_loop()),
        ("fut.done(1)", lambda: fut.done(1)),
        ("fut.result(x=1)", lambda: fut.result(x=1)),
        ("fut.set_result()", lambda: fut.set_result()),
        ("fut.set_result(1, 2)", lambda: fut.set_result(1, 2)),
        ("fut.set_result(result=1)", lambda: fut.set_result(result=1)),
        ("fut.set_exception()", lambda: fut.set_exception()),
        ("fut.cancel(1, 2)", lambda: fut.cancel(1, 2)),
        ("fut.cancel('a', msg='b')", lambda: fut.cancel("a", msg="b")),
        ("fut.cancel(msg='a', x=1)", lambda: fut.cancel(msg="a", x=1)),
        ("fut.cancel(x=1)", lambda: fut.cancel(x=1)),
        ("fut.add_done_callback()", lambda: fut.add_done_callback()),
        ("fut.add_done_callback(print, 1)", lambda: fut.add_done_callback(print, 1)),
        ("fut.add_done_callback(print, 1, 2)", lambda: fut.add_done_callback(print, 1, 2)),
        ("fut.add_done_callback(fn=print)", lambda: fut.add_done_callback(fn=print)),
        ("fut.add_done_callback(print, x=1)", lambda: fut.add_done_callback(print, x=1)),
        ("fut.remove_done_callback(x=print)", lambda: fut.remove_done_callback(x=print)),
        ("fut.get_loop(1)", lambda: fut.get_loop(1)),
        ("fut.done()", lambda: fut.done()),
        ("task.done(1)", lambda: task.done(1)),
        ("task.cancelled(x=1)", lambda: task.cancelled(x=1)),
        ("task.get_loop(1)", lambda: task.get_loop(1)),
        ("task.get_name(1)", lambda: task.get_name(1)),
        ("task.set_name()", lambda: task.set_name()),
        ("task.set_result()", lambda: task.set_result()),
        ("task.set_result(1)", lambda: task.set_result(1)),
        ("task.remove_done_callback(1, 2)", lambda: task.remove_done_callback(1, 2)),
        ("task.get_coro(1)", lambda: task.get_coro(1)),
        ("task.uncancel(1)", lambda: task.uncancel(1)),
        ("task.cancelling(x=1)", lambda: task.cancelling(x=1)),
        ("task.get_name()", lambda: task.get_name()),
        ("soon.cancel(1)", lambda: soon.cancel(1)),
        ("soon.cancelled(x=1)", lambda: soon.cancelled(x=1)),
        ("soon.when()", lambda: soon.when()),
        ("timer.cancel(1, 2)", lambda: timer.cancel(1, 2)),
        ("timer.cancelled(1)", lambda: timer.cancelled(1)),
        ("timer.when(x=1)", lambda: timer.when(x=1)),
        ("timer.cancelled()", lambda: timer.cancelled()),
        ("loop.time(1)", lambda: loop.time(1)),
        ("loop.create_future(1)", lambda: loop.create_future(1)),
        ("loop.call_soon()", lambda: loop.call_soon()),
        ("loop.call_later(1)", lambda: loop.call_later(1)),
        ("loop.call_later()", lambda: loop.call_later()),
        ("loop.call_at(1, x=2)", lambda: loop.call_at(1, x=2)),
        ("loop.call_soon(callback=print) cancelled", lambda: loop.call_soon(callback=print).cancel()),
        ("loop.create_task()", lambda: loop.create_task()),
        ("loop.create_task(1, 2)", lambda: loop.create_task(1, 2)),
        ("other.run_forever(1)", lambda: other.run_forever(1)),
        ("other.run_until_complete()", lambda: other.run_until_complete()),
        ("other.stop(x=1)", lambda: other.stop(x=1)),
        ("other.close(1)", lambda: other.close(1)),
        ("other.is_running(1)", lambda: other.is_running(1)),
        ("other.is_closed(x=1)", lambda: other.is_closed(x=1)),
        ("other.get_debug(1)", lambda: other.get_debug(1)),
        ("other.set_debug()", lambda: other.set_debug()),
        ("other.set_debug(enabled=False)", lambda: other.set_debug(enabled=False)),
        ("other.call_exception_handler(1, 2)", lambda: other.call_exception_handler(1, 2)),
        ("coro.close(1)", lambda: coro.close(1)),
        ("coro.close(x=1)", lambda: coro.close(x=1)),
        ("coro.close()", lambda: coro.close()),
    ]
    for label, call in calls:
        attempt(label, call)
    print(await task, f"{loop.time():.2f}")
    other.close()


asyncio.run(main())
