"""awaitscope: run an asyncio scenario in real CPython on a virtual clock.

A scenario is a small, real Python program::

    import asyncio
    from awaitscope import Device, cpu

    disk = Device("disk", latency=0.010, parallel=1)

    async def main():
        await disk.read(4096)
        print(f"{asyncio.get_running_loop().time():.3f} read done")

    asyncio.run(main())

With this module on ``PYTHONPATH`` the program runs in CPython 3.11 with *virtual*
time: it finishes at once and prints the same text, in the same order, with the same
timestamps, as ``awaitscope run`` prints for it. This module is the reference for the
simulator, so every rule below is exact; the simulator implements the same rules.

The clock
    One clock for the whole program: an integer number of microseconds, 0 at import.
    It only advances: when the event loop has nothing ready and waits for its next timer
    (it jumps straight to that timer's deadline), and in ``cpu``, ``time.sleep`` and the
    blocking device calls. Every duration in seconds becomes microseconds through
    ``round(seconds * 1e6)`` (one float product, ties to even). ``loop.time()``,
    ``time.time()``, ``time.monotonic()`` and ``time.perf_counter()`` all return
    ``microseconds / 1e6``; ``time.time()`` therefore counts from 0, not from 1970.

The event loop
    Importing this module installs an event loop policy whose loops are
    ``VirtualTimeLoop``: CPython's ``BaseEventLoop`` unchanged except for the clock,
    the timers and the "selector". ``call_later(delay)`` is due at
    ``now_us + round(delay * 1e6)``, ``call_at(when)`` at ``round(when * 1e6)``. Every
    timer (and every device request, which is a timer too) takes a number from one
    global sequence counter, and timers with the same deadline fire in that order.
    When every task waits and no timer is pending, the program is deadlocked: this
    module writes to stderr::

        awaitscope: deadlock: every task is waiting and nothing can wake one
          Task-1 waits at line 12 on task consumer
          consumer waits at line 5 on queue get

    one line per unfinished task of the loop, in creation order, naming the line of the
    innermost suspended frame of scenario code (frames inside asyncio and inside this
    module are skipped; for a task of asyncio's code alone, such as
    ``create_task(lock.acquire())``, the line that created it) and what it waits on,
    as the simulator names it (``task NAME``, ``gather``, ``lock``, ``event``,
    ``semaphore``, ``queue get``, ``queue put``, ``queue join``, ``wait``,
    ``as_completed``, ``shield``, ``a future``), and ends the process with exit code 3.
    A loop left with no task at all (callbacks that never call ``loop.stop()``) says
    so instead: ``awaitscope: deadlock: the loop has no callback ready, no timer
    pending and no task left, and nothing called loop.stop()``.

    When ``main()`` returns, ``asyncio.run`` cancels the tasks still unfinished. CPython
    cancels them in the order of a set (memory addresses); this module makes it their
    creation order. Apart from ``asyncio.sleep`` in the blocking baseline (below),
    nothing else in asyncio is changed. Import this module before creating any loop.

cpu(seconds)
    CPU work on the current thread: the clock advances by ``round(seconds * 1e6)`` and
    nothing else runs. Errors: ``TypeError: cpu() time must be a number, not <type>``
    (``int`` and ``float``, bool included, are numbers), ``ValueError: cpu() time must be
    non-negative`` (also for NaN).

time.sleep(seconds)
    Replaced (the ``time`` module attribute, so ``time.sleep`` and a later
    ``from time import sleep`` both get it) by a virtual sleep with CPython's checks:
    ``TypeError: '<type>' object cannot be interpreted as an integer``,
    ``ValueError: Invalid value NaN (not a number)``,
    ``ValueError: sleep length must be non-negative``. (CPython's OverflowError for
    sleeps beyond about 292 years is not reproduced.)

Device(name, latency=0.0, bandwidth=None, parallel=None)
    A device behind the kernel. Arguments are checked in this order:
    ``TypeError: latency must be a number, not <type>``,
    ``ValueError: latency must be non-negative`` (also NaN),
    ``TypeError: bandwidth must be a number or None, not <type>``,
    ``ValueError: bandwidth must be positive or None`` (also NaN),
    ``ValueError: parallel must be a positive integer or None`` (any value that is not
    None and not an ``int`` greater than 0; bools are ints, as everywhere in Python).
    ``name`` is stored as given.

    A request of ``nbytes`` submitted at ``t`` needs
    ``service_us = round((latency + nbytes / bandwidth) * 1e6)`` (``round(latency * 1e6)``
    without bandwidth). With ``parallel=None`` it starts at ``t``. Otherwise it takes,
    at submission, the slot that frees earliest (lowest index on ties), starts at
    ``max(t, slot free time)`` and holds that slot until ``start + service_us``: first
    come, first served. It completes at ``start + service_us``, and keeps its slot even
    if the coroutine that made it is cancelled. An infinite latency fails at the first
    request with round()'s ``OverflowError: cannot convert float infinity to integer``.

    ``await dev.read(nbytes=0)`` / ``await dev.write(nbytes=0)`` work exactly like
    ``asyncio.sleep``: a future, a timer at the completion time (scheduled when the
    request is submitted, i.e. when the coroutine first runs) that sets the result
    unless the future was cancelled, ``return await future``, and ``finally`` cancels
    the timer. They return ``nbytes``.
    ``dev.read_blocking(nbytes=0)`` / ``dev.write_blocking(nbytes=0)`` book the same
    request and jump the clock to its completion: the thread blocks, nothing else runs.
    ``nbytes`` errors: ``TypeError: nbytes must be an int, not <type>`` (bool counts as
    int), ``ValueError: nbytes must be non-negative``.

The blocking baseline: AWAITSCOPE_MODE=blocking
    With this environment variable set to exactly ``blocking`` at import, waiting is made
    blocking: ``await asyncio.sleep(t, result)`` is ``time.sleep(t)`` for ``t > 0`` and
    returns ``result`` at once, never yielding to the loop (``t <= 0`` included);
    ``await dev.read(n)`` is ``dev.read_blocking(n)`` (likewise ``write``), also
    without yielding. Everything else is unchanged: ``call_later``, ``wait_for``
    timeouts, queues, locks and events still go through the loop.
"""

import asyncio
import heapq
import itertools
import os
import sys
import time
import weakref
from asyncio import events, futures, runners, tasks

__all__ = ["Device", "cpu", "VirtualTimeLoop", "VirtualTimePolicy"]

BLOCKING = os.environ.get("AWAITSCOPE_MODE") == "blocking"

_DEADLOCK_MESSAGE = "awaitscope: deadlock: every task is waiting and nothing can wake one"
# The same, on a loop that has no task left: callbacks that never call loop.stop().
_IDLE_FOREVER_MESSAGE = ("awaitscope: deadlock: the loop has no callback ready, no timer "
                         "pending and no task left, and nothing called loop.stop()")

# The virtual clock. An int, so that time never drifts through float sums.
_now_us = 0

# One counter for every timer and device request: equal deadlines fire in the order
# their timers were created, something CPython's heap (ordered by deadline only) leaves
# undefined and the simulator needs defined.
_next_seq = itertools.count(1)


def _advance_to(deadline_us):
    global _now_us
    _now_us = max(_now_us, deadline_us)


def _now_seconds():
    return _now_us / 1e6


def _is_number(value):
    return isinstance(value, (int, float))


class VirtualTimeLoop(asyncio.BaseEventLoop):
    """BaseEventLoop on the virtual clock, with no sockets and no self-pipe.

    Only the clock, the timer heap order and the selector differ from CPython (and
    create_task notes the creation order): run_forever, run_until_complete,
    _run_once, stop, close and the tasks are CPython's own code.
    """

    def __init__(self):
        super().__init__()
        # _run_once treats a timer as due when its _when < time() + resolution. Deadlines
        # are whole microseconds, so any resolution far below 1 us makes "due" mean
        # exactly deadline_us <= now_us (for clocks below ~50 days, where a float still
        # resolves 1e-9 s).
        self._clock_resolution = 1e-9
        self._selector = _VirtualSelector(self)
        # Creation order of this loop's tasks (asyncio only keeps a set), for the
        # deadlock report and the shutdown order of asyncio.run. Weak, so that the
        # garbage collector treats tasks exactly as it does in plain CPython.
        self._tasks_in_creation_order = weakref.WeakKeyDictionary()

    def time(self):
        return _now_seconds()

    def call_later(self, delay, callback, *args, context=None):
        if delay is None:
            raise TypeError("delay must not be None")
        # CPython computes time() + delay here; doing the same keeps its TypeError for a
        # delay that is not a number. The deadline itself is computed in integers.
        self.time() + delay
        timer = self._call_at_us(_now_us + round(delay * 1e6), callback, args, context)
        if timer._source_traceback:
            del timer._source_traceback[-1]
        return timer

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError("when cannot be None")
        timer = self._call_at_us(round(when * 1e6), callback, args, context)
        if timer._source_traceback:
            del timer._source_traceback[-1]
        return timer

    def _call_at_us(self, deadline_us, callback, args, context=None):
        """BaseEventLoop.call_at, with an integer deadline and a sequence number."""
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, "call_at")
        timer = _VirtualTimer(deadline_us / 1e6, callback, args, self, context)
        timer.deadline_us = deadline_us
        timer.seq = next(_next_seq)
        if timer._source_traceback:
            del timer._source_traceback[-1]
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def create_task(self, coro, *, name=None, context=None):
        task = super().create_task(coro, name=name, context=context)
        if task._source_traceback:
            del task._source_traceback[-1]  # as BaseEventLoop does: show the caller
        self._tasks_in_creation_order[task] = _scenario_line(sys._getframe(1))
        return task

    def _process_events(self, event_list):
        pass  # the virtual selector reports no I/O events

    def _write_to_self(self):
        pass  # nothing to wake: the loop never blocks in a real system call


class _VirtualTimer(events.TimerHandle):
    """A TimerHandle ordered by (deadline_us, seq) instead of by float deadline."""

    __slots__ = ("deadline_us", "seq")

    def _key(self):
        return (self.deadline_us, self.seq)

    def __lt__(self, other):
        if isinstance(other, _VirtualTimer):
            return self._key() < other._key()
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, _VirtualTimer):
            return self._key() <= other._key()
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, _VirtualTimer):
            return self._key() > other._key()
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, _VirtualTimer):
            return self._key() >= other._key()
        return NotImplemented

    def __eq__(self, other):
        if isinstance(other, _VirtualTimer):
            return self._key() == other._key()
        return NotImplemented

    # Equal timers have equal deadlines, so TimerHandle's hash stays consistent.
    __hash__ = events.TimerHandle.__hash__

    def _repr_info(self):
        # Shown as the TimerHandle it stands in for (asyncio's logs print handles).
        info = super()._repr_info()
        info[0] = events.TimerHandle.__name__
        return info


class _VirtualSelector:
    """Stands where _run_once calls select(timeout); "waiting" moves the clock."""

    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout=None):
        if timeout is None:
            # Nothing is ready and no timer is pending: real CPython would block forever.
            _report_deadlock(self._loop)
        elif timeout > 0:
            # _run_once has dropped cancelled timers from the head of the heap, so the
            # head is the next timer to fire. Jump to its exact integer deadline rather
            # than adding the float timeout to the clock.
            _advance_to(self._loop._scheduled[0].deadline_us)
        return []


def _report_deadlock(loop):
    tasks = _unfinished_tasks_in_creation_order(loop)
    lines = [_DEADLOCK_MESSAGE if tasks else _IDLE_FOREVER_MESSAGE]
    created_at = getattr(loop, "_tasks_in_creation_order", {})
    for task in tasks:
        line = _suspended_line(task)
        if line is None:
            line = created_at.get(task)
        where = "" if line is None else f" at line {line}"
        lines.append(f"  {task.get_name()} waits{where} on {_wait_description(task)}")
    sys.stdout.flush()
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()
    # os._exit: no "Task was destroyed but it is pending!" or other finalisation noise.
    os._exit(3)


# Frames in these files are library code, not scenario lines.
_ASYNCIO_DIR = os.path.dirname(os.path.abspath(asyncio.__file__)) + os.sep
_THIS_FILE = os.path.abspath(__file__)


def _suspended_line(task):
    """Line of the innermost suspended frame of scenario code in the task's await chain."""
    line = None
    awaitable = task.get_coro()
    while awaitable is not None:
        frame = getattr(awaitable, "cr_frame", None) or getattr(awaitable, "gi_frame", None)
        if frame is None:
            break  # a Future, or a finished coroutine: the chain ends here
        filename = os.path.abspath(frame.f_code.co_filename)
        if not filename.startswith(_ASYNCIO_DIR) and filename != _THIS_FILE:
            line = frame.f_lineno
        awaitable = getattr(awaitable, "cr_await", None) or getattr(awaitable, "gi_yieldfrom", None)
    return line


def _is_library(code):
    filename = os.path.abspath(code.co_filename)
    return filename.startswith(_ASYNCIO_DIR) or filename == _THIS_FILE


def _scenario_line(frame):
    """Line of the innermost frame of scenario code from `frame` outwards (None if none)."""
    while frame is not None and _is_library(frame.f_code):
        frame = frame.f_back
    return None if frame is None else frame.f_lineno


# What a task waits on, named by the coroutine of asyncio's (or of this module) it
# awaits through, as the simulator names it.
_WAIT_NAMES = {
    "Lock.acquire": "lock",
    "Event.wait": "event",
    "Semaphore.acquire": "semaphore",
    "Queue.get": "queue get",
    "Queue.put": "queue put",
    "Queue.join": "queue join",
    "_wait": "wait",
    "as_completed.<locals>._wait_for_one": "as_completed",
    "sleep": "a timer",
    "Device._request": "a device request",
}


def _wait_description(task):
    """What the task waits on: `task NAME`, `gather`, `queue get`, …, `a future`."""
    waiter = task._fut_waiter
    if waiter is None:
        return "nothing"
    if isinstance(waiter, tasks.Task):
        return f"task {waiter.get_name()}"
    if isinstance(waiter, tasks._GatheringFuture):
        return "gather"
    # The outermost library coroutine in the await chain names the wait (Queue.join
    # waits through Event.wait: it is a queue join).
    awaitable = task.get_coro()
    while awaitable is not None:
        code = getattr(awaitable, "cr_code", None) or getattr(awaitable, "gi_code", None)
        if code is None:
            break
        if _is_library(code) and code.co_qualname in _WAIT_NAMES:
            return _WAIT_NAMES[code.co_qualname]
        awaitable = getattr(awaitable, "cr_await", None) or getattr(awaitable, "gi_yieldfrom", None)
    callbacks = [getattr(cb, "__qualname__", "") for cb, _ in (waiter._callbacks or ())]
    if "shield.<locals>._outer_done_callback" in callbacks:
        return "shield"
    return "a future"


def _unfinished_tasks_in_creation_order(loop):
    """asyncio.all_tasks(loop) as a list, oldest task first (all_tasks is a set)."""
    unfinished = tasks.all_tasks(loop)
    created = getattr(loop, "_tasks_in_creation_order", ())  # empty for foreign loops
    ordered = [t for t in created if t in unfinished]
    return ordered + [t for t in unfinished if t not in ordered]


# CPython's asyncio.runners._cancel_all_tasks, which asyncio.run calls when main() has
# returned, word for word except for one thing: it cancels the unfinished tasks in
# creation order. CPython walks a set, so the order in which their
# `except CancelledError` / `finally` blocks run (and print) would depend on memory
# addresses.
def _cancel_all_tasks(loop):
    to_cancel = _unfinished_tasks_in_creation_order(loop)
    if not to_cancel:
        return

    for task in to_cancel:
        task.cancel()

    loop.run_until_complete(tasks.gather(*to_cancel, return_exceptions=True))

    for task in to_cancel:
        if task.cancelled():
            continue
        if task.exception() is not None:
            loop.call_exception_handler({
                "message": "unhandled exception during asyncio.run() shutdown",
                "exception": task.exception(),
                "task": task,
            })


class VirtualTimePolicy(events.BaseDefaultEventLoopPolicy):
    """CPython's default policy (get/set/new_event_loop) making VirtualTimeLoops."""

    _loop_factory = VirtualTimeLoop


def cpu(seconds):
    """CPU work on the current thread: the clock advances, nothing else runs."""
    if not _is_number(seconds):
        raise TypeError(f"cpu() time must be a number, not {type(seconds).__name__}")
    if not seconds >= 0:
        raise ValueError("cpu() time must be non-negative")
    _advance_to(_now_us + round(seconds * 1e6))


def _virtual_time_sleep(seconds):
    """time.sleep on the virtual clock, with CPython's argument checks."""
    if not _is_number(seconds):
        raise TypeError(f"'{type(seconds).__name__}' object cannot be interpreted as an integer")
    if seconds != seconds:
        raise ValueError("Invalid value NaN (not a number)")
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    _advance_to(_now_us + round(seconds * 1e6))


# Named like the function it replaces, for tracebacks and introspection.
_virtual_time_sleep.__name__ = _virtual_time_sleep.__qualname__ = "sleep"


class Device:
    """A simulated device (disk, network card, database) serving timed requests."""

    def __init__(self, name, latency=0.0, bandwidth=None, parallel=None):
        if not _is_number(latency):
            raise TypeError(f"latency must be a number, not {type(latency).__name__}")
        if not latency >= 0:
            raise ValueError("latency must be non-negative")
        if bandwidth is not None and not _is_number(bandwidth):
            raise TypeError(f"bandwidth must be a number or None, not {type(bandwidth).__name__}")
        if bandwidth is not None and not bandwidth > 0:
            raise ValueError("bandwidth must be positive or None")
        if parallel is not None and not (isinstance(parallel, int) and parallel > 0):
            raise ValueError("parallel must be a positive integer or None")
        self.name = name
        self.latency = latency
        self.bandwidth = bandwidth
        self.parallel = parallel
        # When each slot next becomes free; None means every request starts at once.
        self._slot_free_us = None if parallel is None else [0] * parallel

    async def read(self, nbytes=0):
        """Non-blocking read: the coroutine waits, the loop runs others. Returns nbytes."""
        return await self._request(nbytes)

    async def write(self, nbytes=0):
        """Non-blocking write: the coroutine waits, the loop runs others. Returns nbytes."""
        return await self._request(nbytes)

    def read_blocking(self, nbytes=0):
        """Blocking read: the whole thread waits for the device. Returns nbytes."""
        return self._request_blocking(nbytes)

    def write_blocking(self, nbytes=0):
        """Blocking write: the whole thread waits for the device. Returns nbytes."""
        return self._request_blocking(nbytes)

    async def _request(self, nbytes):
        if BLOCKING:
            return self._request_blocking(nbytes)  # returns without yielding
        _check_nbytes(nbytes)
        # The structure of asyncio.sleep, so cancellation behaves exactly as it does.
        loop = events.get_running_loop()
        future = loop.create_future()
        h = loop._call_at_us(self._book(nbytes), futures._set_result_unless_cancelled,
                             (future, nbytes))
        try:
            return await future
        finally:
            h.cancel()

    def _request_blocking(self, nbytes):
        _check_nbytes(nbytes)
        _advance_to(self._book(nbytes))
        return nbytes

    def _book(self, nbytes):
        """Reserve the device for a request submitted now; return its completion time."""
        if self.bandwidth is None:
            service_us = round(self.latency * 1e6)
        else:
            service_us = round((self.latency + nbytes / self.bandwidth) * 1e6)
        start_us = _now_us
        if self._slot_free_us is not None:
            slot = self._slot_free_us.index(min(self._slot_free_us))
            start_us = max(_now_us, self._slot_free_us[slot])
            self._slot_free_us[slot] = start_us + service_us
        return start_us + service_us


def _check_nbytes(nbytes):
    if not isinstance(nbytes, int):
        raise TypeError(f"nbytes must be an int, not {type(nbytes).__name__}")
    if nbytes < 0:
        raise ValueError("nbytes must be non-negative")


async def _blocking_asyncio_sleep(delay, result=None):
    # This body becomes asyncio.sleep's code in blocking mode, so it runs with
    # asyncio.tasks' globals: the only name it uses, _awaitscope_time_sleep, is put
    # there by _make_asyncio_sleep_blocking.
    if delay <= 0:
        return result
    _awaitscope_time_sleep(delay)  # noqa: F821 (defined in asyncio.tasks)
    return result


def _make_asyncio_sleep_blocking():
    # Swap the code of the one asyncio.sleep function object rather than rebinding
    # names: a scenario that ran `from asyncio import sleep` before importing this module
    # holds that same object, and so does every other module, closure or default
    # argument that captured it. The object also keeps its name, so an un-awaited call
    # is still reported as "coroutine 'sleep' was never awaited".
    tasks._awaitscope_time_sleep = _virtual_time_sleep
    tasks.sleep.__code__ = _blocking_asyncio_sleep.__code__


runners._cancel_all_tasks = _cancel_all_tasks
time.sleep = _virtual_time_sleep
time.time = time.monotonic = time.perf_counter = _now_seconds
asyncio.set_event_loop_policy(VirtualTimePolicy())
if BLOCKING:
    _make_asyncio_sleep_blocking()
