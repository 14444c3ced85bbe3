"""asyncio (and awaitscope.Device) for the scenario VM, ported from CPython 3.11.7.

The VM implements natively what CPython implements in C or in the event loop:
Future, Task, the loop (_run_once, the ready queue, the timer heap), the devices,
cpu(), create_task, ensure_future, current_task, all_tasks and the loop getters.
Everything else a scenario can reach in asyncio is here, copied from CPython 3.11.7's
Lib/asyncio (mixins.py, tasks.py, locks.py, queues.py, base_events.py, runners.py)
statement by statement: the same checks in the same order, the same messages, the
same futures created in the same order, the same callbacks added and removed in the
same order. The order in which things happen is the product (the trace, the printed
text, the Task-N numbers), so "equivalent" code is not good enough: when a line
below looks clumsy, it is because CPython's is.

The dialect (what the VM compiles for the prelude) forces these rewrites, none of
which changes what a scenario can observe:

- No inheritance. The mixins (_LoopBoundMixin, _ContextManagerMixin) are written
  out in each class; BoundedSemaphore repeats Semaphore.
- No sets, no collections.deque: lists. deque.popleft() is list.pop(0).
- No functools.partial: a lambda. Done-callbacks are removed by identity, and the
  lambda object, like the partial object, is created once and kept.
- No properties: Queue.maxsize is a plain attribute.
- No generators: see as_completed.
- The private names that CPython imports from other modules (futures.*,
  events._get_running_loop, tasks.__sleep0) are native globals of the same meaning.

Deliberate deviations from CPython (each one documented where it happens):

- wait() returns (done, pending) as two lists in the order of fs (CPython: sets,
  whose iteration order follows object addresses and cannot be reproduced).
- as_completed() returns a list of coroutines, built at the call (CPython: a
  generator that does its set-up, argument check included, and creates each
  coroutine on demand), and its futures are taken in the order given (CPython:
  set order).
- Queue.maxsize is a writable attribute (CPython: a read-only property), and
  queues, locks and events have no __repr__/__str__.
- asyncio.run's shutdown cancels the pending tasks in creation order, because the
  native all_tasks() returns them so (stock CPython: set order, i.e. by address;
  python/awaitscope.py patches runners._cancel_all_tasks to creation order too, so
  this matches the reference).
- The loop-binding check of _LoopBoundMixin names the object with the VM's repr
  of a prelude instance (CPython's has a memory address and a "[locked]"-style
  state suffix; neither can be reproduced).
- run(debug=...) is accepted and ignored; the SIGINT handling of Runner is left
  out (no signals in a simulation).
- gather() does not set _log_destroy_pending on the tasks it creates (the VM has
  no "Task was destroyed but it is pending!" report).

The waiter futures a task can suspend on are labelled for the trace with _label()
right after they are created. Two are not: asyncio.sleep's (the future of a timer
whose callback is _set_result_unless_cancelled(future, ...)) and Device's (the same,
scheduled with _call_at_us right after _device_submit registered the request).

Natives used here, beyond the names CPython's asyncio exports (get_running_loop,
get_event_loop, new_event_loop, set_event_loop, all_tasks, ensure_future, ...):
_get_running_loop, isfuture, iscoroutine, _set_result_unless_cancelled, _yield
(await it: one bare yield), _gathering_future(loop, children), _label(fut, what),
_blocking_mode(), _thread_sleep(seconds), _device_new(name, latency, bandwidth,
parallel), _device_submit(handle, op, nbytes, blocking) -> (completion_us,
request_id), _call_at_us(loop, deadline_us, callback, *args), and
_no_never_awaited_warning(coro): never report coro as "never awaited".
"""

# ---------------------------------------------------------------------------
# mixins.py: _LoopBoundMixin
# ---------------------------------------------------------------------------

def _bound_loop(obj):
    """_LoopBoundMixin._get_loop for obj, which keeps its loop in obj._loop.

    An object binds to the loop that is running the first time it has to wait
    (no global lock: the VM has one thread).
    """
    loop = _get_running_loop()

    if obj._loop is None:
        obj._loop = loop
    if loop is not obj._loop:
        raise RuntimeError(f'{obj!r} is bound to a different event loop')
    return loop


# ---------------------------------------------------------------------------
# tasks.py
# ---------------------------------------------------------------------------

# concurrent.futures' values, which tasks.py re-exports.
FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'


def _unique(items):
    """set(items), keeping the first occurrence's position instead of hash order."""
    seen = {}
    for item in items:
        if item not in seen:
            seen[item] = None
    return list(seen)


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    """Wait for the Futures or Tasks given by fs to complete.

    Deviation: returns (done, pending) as lists in the order of fs, where CPython
    returns sets.
    """
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError(f"expect a list of futures, not {type(fs).__name__}")
    if not fs:
        raise ValueError('Set of Tasks/Futures is empty.')
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError(f'Invalid return_when value: {return_when}')

    fs = _unique(fs)

    if any(iscoroutine(f) for f in fs):
        raise TypeError("Passing coroutines is forbidden, use tasks explicitly.")

    loop = get_running_loop()
    return await _wait(fs, timeout, return_when, loop)


def _release_waiter(waiter, *args):
    if not waiter.done():
        waiter.set_result(None)


async def wait_for(fut, timeout):
    """Wait for the single Future or coroutine to complete, with timeout (3.11's)."""
    loop = get_running_loop()

    if timeout is None:
        return await fut

    if timeout <= 0:
        fut = ensure_future(fut, loop=loop)

        if fut.done():
            return fut.result()

        await _cancel_and_wait(fut, loop=loop)
        try:
            return fut.result()
        except CancelledError as exc:
            raise TimeoutError() from exc

    waiter = loop.create_future()
    _label(waiter, "wait_for")
    timeout_handle = loop.call_later(timeout, _release_waiter, waiter)
    # functools.partial(_release_waiter, waiter) in CPython.
    cb = lambda f: _release_waiter(waiter, f)

    fut = ensure_future(fut, loop=loop)
    fut.add_done_callback(cb)

    try:
        # wait until the future completes or the timeout
        try:
            await waiter
        except CancelledError:
            if fut.done():
                return fut.result()
            else:
                fut.remove_done_callback(cb)
                # We must ensure that the task is not running after wait_for()
                # returns (bpo-32751).
                await _cancel_and_wait(fut, loop=loop)
                raise

        if fut.done():
            return fut.result()
        else:
            fut.remove_done_callback(cb)
            # We must ensure that the task is not running after wait_for()
            # returns (bpo-32751).
            await _cancel_and_wait(fut, loop=loop)
            # In case task cancellation failed with some exception, we should
            # re-raise it (bpo-40607).
            try:
                return fut.result()
            except CancelledError as exc:
                raise TimeoutError() from exc
    finally:
        timeout_handle.cancel()


async def _wait(fs, timeout, return_when, loop):
    """Internal helper for wait(); fs is a non-empty list of distinct futures."""
    assert fs, 'Set of Futures is empty.'
    waiter = loop.create_future()
    _label(waiter, "wait")
    timeout_handle = None
    if timeout is not None:
        timeout_handle = loop.call_later(timeout, _release_waiter, waiter)
    counter = len(fs)

    def _on_completion(f):
        nonlocal counter
        counter -= 1
        if (counter <= 0 or
            return_when == FIRST_COMPLETED or
            return_when == FIRST_EXCEPTION and (not f.cancelled() and
                                                f.exception() is not None)):
            if timeout_handle is not None:
                timeout_handle.cancel()
            if not waiter.done():
                waiter.set_result(None)

    for f in fs:
        f.add_done_callback(_on_completion)

    try:
        await waiter
    finally:
        if timeout_handle is not None:
            timeout_handle.cancel()
        for f in fs:
            f.remove_done_callback(_on_completion)

    done, pending = [], []
    for f in fs:
        if f.done():
            done.append(f)
        else:
            pending.append(f)
    return done, pending


async def _cancel_and_wait(fut, loop):
    """Cancel the *fut* future or task and wait until it completes."""

    waiter = loop.create_future()
    _label(waiter, "wait_for")
    # functools.partial(_release_waiter, waiter) in CPython.
    cb = lambda f: _release_waiter(waiter, f)
    fut.add_done_callback(cb)

    try:
        fut.cancel()
        # We cannot wait on *fut* directly to make sure _cancel_and_wait itself is
        # reliably cancellable.
        await waiter
    finally:
        fut.remove_done_callback(cb)


def as_completed(fs, *, timeout=None):
    """Return a list of coroutines giving the results of fs in completion order.

    Deviations: CPython's as_completed is a generator. It does the set-up below
    (the TypeError check included) on the first next() and creates each
    _wait_for_one() coroutine when it is asked for it; here both happen at the
    call and a list comes back. For the usual `for c in as_completed(fs)` the two
    are indistinguishable, except for the coroutines a loop that breaks early
    never asks for: CPython never creates them, so they are marked with
    _no_never_awaited_warning(). And CPython takes set(fs), so the tasks it
    creates for coroutines in fs come in address order; here they come in the
    order of fs.
    """
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError(f"expect an iterable of futures, not {type(fs).__name__}")

    done = Queue()
    # The trace shows a task waiting in _wait_for_one() as waiting for as_completed,
    # not for a queue the scenario never made.
    done._getter_label = "as_completed"

    loop = get_event_loop()
    todo = [ensure_future(f, loop=loop) for f in _unique(fs)]
    timeout_handle = None

    def _on_timeout():
        nonlocal todo
        for f in todo:
            f.remove_done_callback(_on_completion)
            done.put_nowait(None)  # Queue a dummy value for _wait_for_one().
        todo = []  # todo.clear(): nothing else holds the list.

    def _on_completion(f):
        if not todo:
            return  # _on_timeout() was here first.
        todo.remove(f)
        done.put_nowait(f)
        if not todo and timeout_handle is not None:
            timeout_handle.cancel()

    async def _wait_for_one():
        f = await done.get()
        if f is None:
            # Dummy value from _on_timeout().
            raise TimeoutError
        return f.result()  # May raise f.exception().

    for f in todo:
        f.add_done_callback(_on_completion)
    if todo and timeout is not None:
        timeout_handle = loop.call_later(timeout, _on_timeout)
    coros = []
    for _ in range(len(todo)):
        coro = _wait_for_one()
        _no_never_awaited_warning(coro)
        coros.append(coro)
    return coros


async def sleep(delay, result=None):
    """Coroutine that completes after a given time (in seconds).

    In the blocking baseline (spec section 4) it is time.sleep(delay) for
    delay > 0 and it returns at once for delay <= 0: never yielding, exactly as
    python/awaitscope.py's replacement for asyncio.sleep under
    AWAITSCOPE_MODE=blocking.
    """
    if _blocking_mode():
        if delay <= 0:
            return result
        _thread_sleep(delay)
        return result

    if delay <= 0:
        await _yield  # tasks.__sleep0(): a bare yield, one loop iteration
        return result

    loop = get_running_loop()
    future = loop.create_future()
    h = loop.call_later(delay,
                        _set_result_unless_cancelled,
                        future, result)
    try:
        return await future
    finally:
        h.cancel()


def gather(*coros_or_futures, return_exceptions=False):
    """Return a future aggregating results from the given coroutines/futures.

    The outer future is a native _GatheringFuture (its cancel() cancels the
    children and sets _cancel_requested); the rest is CPython's gather().
    """
    if not coros_or_futures:
        loop = get_event_loop()
        outer = loop.create_future()
        _label(outer, "gather")
        outer.set_result([])
        return outer

    def _done_callback(fut):
        nonlocal nfinished
        nfinished += 1

        if outer is None or outer.done():
            if not fut.cancelled():
                # Mark exception retrieved.
                fut.exception()
            return

        if not return_exceptions:
            if fut.cancelled():
                # Check if 'fut' is cancelled first, as 'fut.exception()' will
                # *raise* a CancelledError instead of returning it.
                exc = fut._make_cancelled_error()
                outer.set_exception(exc)
                return
            else:
                exc = fut.exception()
                if exc is not None:
                    outer.set_exception(exc)
                    return

        if nfinished == nfuts:
            # All futures are done; create a list of results and set it to the
            # 'outer' future.
            results = []

            for fut in children:
                if fut.cancelled():
                    # Since we're adding the exception return value to 'results'
                    # instead of raising it, don't bother setting __context__.
                    # This also lets us preserve calling '_make_cancelled_error()'
                    # at most once.
                    res = CancelledError(
                        '' if fut._cancel_message is None else
                        fut._cancel_message)
                else:
                    res = fut.exception()
                    if res is None:
                        res = fut.result()
                results.append(res)

            if outer._cancel_requested:
                # If gather is being cancelled we must propagate the cancellation
                # regardless of *return_exceptions* argument (issue 32684).
                # ('fut' is the last child here, as in CPython.)
                exc = fut._make_cancelled_error()
                outer.set_exception(exc)
            else:
                outer.set_result(results)

    arg_to_fut = {}
    children = []
    nfuts = 0
    nfinished = 0
    loop = None
    outer = None  # bpo-46672
    for arg in coros_or_futures:
        if arg not in arg_to_fut:
            fut = ensure_future(arg, loop=loop)
            if loop is None:
                loop = fut.get_loop()
            # CPython sets fut._log_destroy_pending = False here when fut is a
            # task made for a coroutine; the VM has no such report.

            nfuts += 1
            arg_to_fut[arg] = fut
            fut.add_done_callback(_done_callback)

        else:
            # There's a duplicate Future object in coros_or_futures.
            fut = arg_to_fut[arg]

        children.append(fut)

    outer = _gathering_future(loop, children)
    _label(outer, "gather")
    return outer


def shield(arg):
    """Wait for a future, shielding it from cancellation."""
    inner = ensure_future(arg)
    if inner.done():
        # Shortcut.
        return inner
    loop = inner.get_loop()
    outer = loop.create_future()
    _label(outer, "shield")

    def _inner_done_callback(inner):
        if outer.cancelled():
            if not inner.cancelled():
                # Mark inner's result as retrieved.
                inner.exception()
            return

        if inner.cancelled():
            outer.cancel()
        else:
            exc = inner.exception()
            if exc is not None:
                outer.set_exception(exc)
            else:
                outer.set_result(inner.result())

    def _outer_done_callback(outer):
        if not inner.done():
            inner.remove_done_callback(_inner_done_callback)

    inner.add_done_callback(_inner_done_callback)
    outer.add_done_callback(_outer_done_callback)
    return outer


# ---------------------------------------------------------------------------
# locks.py
# ---------------------------------------------------------------------------

class Lock:
    """Primitive lock objects (asyncio.Lock).

    _ContextManagerMixin and _LoopBoundMixin are written out: __aenter__,
    __aexit__, _loop and _get_loop.
    """

    def __init__(self):
        self._loop = None  # _LoopBoundMixin._loop
        self._waiters = None
        self._locked = False

    def _get_loop(self):
        return _bound_loop(self)

    async def __aenter__(self):
        await self.acquire()
        # We have no use for the "as ..."  clause in the with statement for locks.
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()

    def locked(self):
        """Return True if lock is acquired."""
        return self._locked

    async def acquire(self):
        """Acquire a lock; return True once it is held."""
        if (not self._locked and (self._waiters is None or
                all(w.cancelled() for w in self._waiters))):
            self._locked = True
            return True

        if self._waiters is None:
            self._waiters = []
        fut = self._get_loop().create_future()
        _label(fut, "lock")
        self._waiters.append(fut)

        # Finally block should be called before the CancelledError handling as we
        # don't want CancelledError to call _wake_up_first() and attempt to wake up
        # itself.
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if not self._locked:
                self._wake_up_first()
            raise

        self._locked = True
        return True

    def release(self):
        """Release a lock, letting the first waiter (if any) proceed."""
        if self._locked:
            self._locked = False
            self._wake_up_first()
        else:
            raise RuntimeError('Lock is not acquired.')

    def _wake_up_first(self):
        """Wake up the first waiter if it isn't done."""
        if not self._waiters:
            return
        # next(iter(self._waiters)); the list is not empty, so no StopIteration.
        fut = self._waiters[0]

        # .done() necessarily means that a waiter will wake up later on and either
        # take the lock, or, if it was cancelled and lock wasn't taken already,
        # will hit this again and wake up a new waiter.
        if not fut.done():
            fut.set_result(True)


class Event:
    """Asynchronous equivalent to threading.Event (asyncio.Event)."""

    def __init__(self):
        self._loop = None  # _LoopBoundMixin._loop
        self._waiters = []
        self._value = False
        # Not CPython: what the trace calls a task waiting here. Queue.join()
        # waits on a private Event and relabels it "queue join".
        self._waiter_label = "event"

    def _get_loop(self):
        return _bound_loop(self)

    def is_set(self):
        """Return True if and only if the internal flag is true."""
        return self._value

    def set(self):
        """Set the internal flag to true and wake every waiter."""
        if not self._value:
            self._value = True

            for fut in self._waiters:
                if not fut.done():
                    fut.set_result(True)

    def clear(self):
        """Reset the internal flag to false."""
        self._value = False

    async def wait(self):
        """Block until the internal flag is true; return True."""
        if self._value:
            return True

        fut = self._get_loop().create_future()
        _label(fut, self._waiter_label)
        self._waiters.append(fut)
        try:
            await fut
            return True
        finally:
            self._waiters.remove(fut)


# Condition and Barrier are not ported: the scenario language does not offer them.


class Semaphore:
    """A Semaphore implementation (asyncio.Semaphore, as in 3.11.7).

    3.11.7's version (earlier 3.11 releases had a _wakeup_scheduled flag instead):
    _wake_up_next() takes the value on the waiter's behalf, and a waiter that
    acquires with value left over wakes the next one.
    """

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("Semaphore initial value must be >= 0")
        self._loop = None  # _LoopBoundMixin._loop
        self._waiters = None
        self._value = value

    def _get_loop(self):
        return _bound_loop(self)

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()

    def locked(self):
        """Returns True if semaphore cannot be acquired immediately."""
        return self._value == 0 or (
            any(not w.cancelled() for w in (self._waiters or ())))

    async def acquire(self):
        """Acquire a semaphore, waiting while its value is zero; return True."""
        if not self.locked():
            self._value -= 1
            return True

        if self._waiters is None:
            self._waiters = []
        fut = self._get_loop().create_future()
        _label(fut, "semaphore")
        self._waiters.append(fut)

        # Finally block should be called before the CancelledError handling as we
        # don't want CancelledError to call _wake_up_first() and attempt to wake up
        # itself.
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if not fut.cancelled():
                self._value += 1
                self._wake_up_next()
            raise

        if self._value > 0:
            self._wake_up_next()
        return True

    def release(self):
        """Release a semaphore, incrementing the internal counter by one."""
        self._value += 1
        self._wake_up_next()

    def _wake_up_next(self):
        """Wake up the first waiter that isn't done."""
        if not self._waiters:
            return

        for fut in self._waiters:
            if not fut.done():
                self._value -= 1
                fut.set_result(True)
                return


class BoundedSemaphore(Semaphore):
    """A bounded semaphore implementation.

    This raises ValueError in release() if it would increase the value
    above the initial value.
    """

    def __init__(self, value=1):
        self._bound_value = value
        Semaphore.__init__(self, value)

    def release(self):
        if self._value >= self._bound_value:
            raise ValueError('BoundedSemaphore released too many times')
        Semaphore.release(self)


# ---------------------------------------------------------------------------
# queues.py (QueueEmpty and QueueFull are native exception classes)
# ---------------------------------------------------------------------------

class Queue:
    """A queue, useful for coordinating producer and consumer coroutines."""

    def __init__(self, maxsize=0):
        self._loop = None  # _LoopBoundMixin._loop
        self._maxsize = maxsize
        # CPython's read-only property; a plain attribute here (no properties).
        self.maxsize = maxsize

        # Futures.
        self._getters = []
        # Futures.
        self._putters = []
        self._unfinished_tasks = 0
        self._finished = Event()
        self._finished._waiter_label = "queue join"
        self._finished.set()
        # Not CPython: what the trace calls a task waiting in get(); as_completed()
        # relabels its private queue.
        self._getter_label = "queue get"
        self._init(maxsize)

    def _get_loop(self):
        return _bound_loop(self)

    # These three are overridable in subclasses (in CPython).

    def _init(self, maxsize):
        self._queue = []

    def _get(self):
        return self._queue.pop(0)

    def _put(self, item):
        self._queue.append(item)

    # End of the overridable methods.

    def _wakeup_next(self, waiters):
        # Wake up the next waiter (if any) that isn't cancelled.
        while waiters:
            waiter = waiters.pop(0)
            if not waiter.done():
                waiter.set_result(None)
                break

    def qsize(self):
        """Number of items in the queue."""
        return len(self._queue)

    def empty(self):
        """Return True if the queue is empty, False otherwise."""
        return not self._queue

    def full(self):
        """Return True if there are maxsize items in the queue (never if maxsize <= 0)."""
        if self._maxsize <= 0:
            return False
        else:
            return self.qsize() >= self._maxsize

    async def put(self, item):
        """Put an item into the queue, waiting while it is full."""
        while self.full():
            putter = self._get_loop().create_future()
            _label(putter, "queue put")
            self._putters.append(putter)
            try:
                await putter
            except:
                putter.cancel()  # Just in case putter is not done yet.
                try:
                    # Clean self._putters from canceled putters.
                    self._putters.remove(putter)
                except ValueError:
                    # The putter could be removed from self._putters by a
                    # previous get_nowait call.
                    pass
                if not self.full() and not putter.cancelled():
                    # We were woken up by get_nowait(), but can't take the call.
                    # Wake up the next in line.
                    self._wakeup_next(self._putters)
                raise
        return self.put_nowait(item)

    def put_nowait(self, item):
        """Put an item into the queue without blocking; raise QueueFull if full."""
        if self.full():
            raise QueueFull
        self._put(item)
        self._unfinished_tasks += 1
        self._finished.clear()
        self._wakeup_next(self._getters)

    async def get(self):
        """Remove and return an item from the queue, waiting while it is empty."""
        while self.empty():
            getter = self._get_loop().create_future()
            _label(getter, self._getter_label)
            self._getters.append(getter)
            try:
                await getter
            except:
                getter.cancel()  # Just in case getter is not done yet.
                try:
                    # Clean self._getters from canceled getters.
                    self._getters.remove(getter)
                except ValueError:
                    # The getter could be removed from self._getters by a
                    # previous put_nowait call.
                    pass
                if not self.empty() and not getter.cancelled():
                    # We were woken up by put_nowait(), but can't take the call.
                    # Wake up the next in line.
                    self._wakeup_next(self._getters)
                raise
        return self.get_nowait()

    def get_nowait(self):
        """Remove and return an item if one is available; else raise QueueEmpty."""
        if self.empty():
            raise QueueEmpty
        item = self._get()
        self._wakeup_next(self._putters)
        return item

    def task_done(self):
        """Indicate that a formerly enqueued task is complete."""
        if self._unfinished_tasks <= 0:
            raise ValueError('task_done() called too many times')
        self._unfinished_tasks -= 1
        if self._unfinished_tasks == 0:
            self._finished.set()

    async def join(self):
        """Block until all items in the queue have been gotten and processed."""
        if self._unfinished_tasks > 0:
            await self._finished.wait()


# ---------------------------------------------------------------------------
# base_events.py: the two shutdown coroutines asyncio.run awaits
# ---------------------------------------------------------------------------
# BaseEventLoop.shutdown_asyncgens() and shutdown_default_executor() as they run
# when there is no async generator and no default executor (the VM has neither):
# they set a flag and return. They still matter: run_until_complete wraps each in
# a Task, which takes the next Task-N number and costs loop iterations.

async def _shutdown_asyncgens(loop):
    # self._asyncgens_shutdown_called = True; no async generators: return.
    return


async def _shutdown_default_executor(loop):
    # self._executor_shutdown_called = True; no default executor: return.
    return


# ---------------------------------------------------------------------------
# runners.py: asyncio.run() with Runner flattened into it
# ---------------------------------------------------------------------------

def run(main, *, debug=None):
    """Execute the coroutine and return the result (asyncio.run).

    run() → `with Runner(debug=debug) as runner: return runner.run(main)`:
    Runner.__enter__ (_lazy_init) makes and sets the loop, Runner.run checks the
    argument and runs the task, Runner.__exit__ (close) shuts the loop down. The
    SIGINT handler, the contextvars context and set_debug are left out.
    """
    if _get_running_loop() is not None:
        # fail fast with short traceback
        raise RuntimeError(
            "asyncio.run() cannot be called from a running event loop")

    # Runner._lazy_init()
    loop = new_event_loop()
    set_event_loop(loop)
    try:
        # Runner.run(main): the check comes after the loop exists, so a bad
        # argument still costs a loop and its two shutdown tasks.
        if not iscoroutine(main):
            raise ValueError(f"a coroutine was expected, got {main!r}")
        # (Runner.run's second running-loop check cannot fail after run()'s.)
        task = loop.create_task(main)
        return loop.run_until_complete(task)
    finally:
        _runner_close(loop)


def _runner_close(loop):
    """Runner.close() for an initialized runner that set the event loop."""
    try:
        _cancel_all_tasks(loop)
        loop.run_until_complete(_shutdown_asyncgens(loop))
        loop.run_until_complete(_shutdown_default_executor(loop))
    finally:
        set_event_loop(None)
        loop.close()


def _cancel_all_tasks(loop):
    # all_tasks() lists the tasks in creation order. Stock CPython's is a set, so it
    # cancels (and so wakes) them in address order; python/awaitscope.py replaces
    # runners._cancel_all_tasks with this same creation-order version.
    to_cancel = all_tasks(loop)
    if not to_cancel:
        return

    for task in to_cancel:
        task.cancel()

    loop.run_until_complete(gather(*to_cancel, return_exceptions=True))

    for task in to_cancel:
        if task.cancelled():
            continue
        if task.exception() is not None:
            loop.call_exception_handler({
                'message': 'unhandled exception during asyncio.run() shutdown',
                'exception': task.exception(),
                'task': task,
            })


# ---------------------------------------------------------------------------
# awaitscope: Device (python/awaitscope.py is the reference; same checks, same
# messages, same order)
# ---------------------------------------------------------------------------

def _is_number(value):
    # isinstance(value, (int, float)); bool is an int, as in Python.
    return isinstance(value, int) or isinstance(value, float)


# _check_nbytes(nbytes) is native (sim/natives.rs): every request runs it.


class Device:
    """A simulated device (disk, network card, database) serving timed requests."""

    def __init__(self, name, latency=0.0, bandwidth=None, parallel=None):
        # `not x >= 0` and `not x > 0` (rather than `x < 0`, `x <= 0`) also refuse NaN.
        if not _is_number(latency):
            raise TypeError(f"latency must be a number, not {type(latency).__name__}")
        if not latency >= 0:
            raise ValueError("latency must be non-negative")
        if bandwidth is not None and not _is_number(bandwidth):
            raise TypeError(
                f"bandwidth must be a number or None, not {type(bandwidth).__name__}")
        if bandwidth is not None and not bandwidth > 0:
            raise ValueError("bandwidth must be positive or None")
        if parallel is not None and not (isinstance(parallel, int) and parallel > 0):
            raise ValueError("parallel must be a positive integer or None")
        self.name = name
        self.latency = latency
        self.bandwidth = bandwidth
        self.parallel = parallel
        # The native device: its slots, its FIFO, its requests in the trace.
        self._h = _device_new(name, latency, bandwidth, parallel)

    async def read(self, nbytes=0):
        """Non-blocking read: the coroutine waits, the loop runs others. Returns nbytes."""
        return await self._request("read", nbytes)

    async def write(self, nbytes=0):
        """Non-blocking write: the coroutine waits, the loop runs others. Returns nbytes."""
        return await self._request("write", nbytes)

    def read_blocking(self, nbytes=0):
        """Blocking read: the whole thread waits for the device. Returns nbytes."""
        return self._request_blocking("read", nbytes)

    def write_blocking(self, nbytes=0):
        """Blocking write: the whole thread waits for the device. Returns nbytes."""
        return self._request_blocking("write", nbytes)

    async def _request(self, op, nbytes):  # prologue run natively: sim/intrinsics.rs
        if _blocking_mode():
            return self._request_blocking(op, nbytes)  # returns without yielding
        _check_nbytes(nbytes)
        # The structure of asyncio.sleep, so that cancellation behaves exactly as it
        # does there: the request keeps its slot, only the wake-up is dropped.
        loop = get_running_loop()
        future = loop.create_future()
        completion_us, _request_id = _device_submit(self._h, op, nbytes, False)
        h = _call_at_us(loop, completion_us, _set_result_unless_cancelled,
                        future, nbytes)
        try:
            return await future
        finally:
            h.cancel()

    def _request_blocking(self, op, nbytes):
        _check_nbytes(nbytes)
        # Books the request and blocks the thread (I/O wait) until it completes.
        _device_submit(self._h, op, nbytes, True)
        return nbytes
