"""Tests of the awaitscope helper: python3 -m unittest discover -s python -p 'test_*.py'

The clock is global to the process and only advances, so in-process tests measure
differences from the time they start. Blocking mode, deadlocks and import order are
checked in subprocesses.
"""

import asyncio
import os
import subprocess
import sys
import textwrap
import time
import unittest

import awaitscope
from awaitscope import Device, cpu

HERE = os.path.dirname(os.path.abspath(__file__))


def now_us():
    return awaitscope._now_us


def run(coro):
    return asyncio.run(coro)


def run_script(source, mode=None):
    """Run a scenario in a fresh interpreter; return (exit code, stdout, stderr)."""
    env = dict(os.environ, PYTHONPATH=HERE)
    env.pop("AWAITSCOPE_MODE", None)
    if mode is not None:
        env["AWAITSCOPE_MODE"] = mode
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(source)], env=env,
                          capture_output=True, text=True, timeout=30)
    return done.returncode, done.stdout, done.stderr


class ClockTests(unittest.TestCase):
    def test_loop_time_is_microseconds_over_1e6(self):
        async def main():
            loop = asyncio.get_running_loop()
            self.assertEqual(loop.time(), now_us() / 1e6)
            self.assertIsInstance(loop, awaitscope.VirtualTimeLoop)
        run(main())

    def test_sleeps_add_up_in_integers(self):
        async def main():
            start = now_us()
            for _ in range(3):
                await asyncio.sleep(0.1)
            return now_us() - start
        self.assertEqual(run(main()), 300_000)

    def test_durations_round_half_to_even(self):
        for seconds, expected in [(0.0000005, 0), (0.0000015, 2), (0.0000025, 2), (1e-9, 0)]:
            start = now_us()
            cpu(seconds)
            self.assertEqual(now_us() - start, expected, seconds)

    def test_call_later_deadline_is_exact(self):
        async def main():
            loop = asyncio.get_running_loop()
            handle = loop.call_later(0.3, lambda: None)
            self.assertEqual(handle.deadline_us, now_us() + 300_000)
            self.assertEqual(handle.when(), handle.deadline_us / 1e6)
            at = loop.call_at(12.3456789, lambda: None)
            self.assertEqual(at.deadline_us, 12_345_679)
            handle.cancel()
            at.cancel()
        run(main())

    def test_call_later_keeps_cpython_errors(self):
        async def main():
            loop = asyncio.get_running_loop()
            with self.assertRaisesRegex(TypeError, "delay must not be None"):
                loop.call_later(None, print)
            with self.assertRaisesRegex(TypeError, r"unsupported operand type\(s\) for \+: 'float' and 'str'"):
                loop.call_later("1", print)
            with self.assertRaisesRegex(TypeError, "when cannot be None"):
                loop.call_at(None, print)
        run(main())

    def test_time_module_reads_the_virtual_clock(self):
        cpu(0.5)
        for clock in (time.time, time.monotonic, time.perf_counter):
            self.assertEqual(clock(), now_us() / 1e6)

    def test_time_sleep_advances_and_checks_like_cpython(self):
        start = now_us()
        time.sleep(1.25)
        from time import sleep
        sleep(0.25)
        self.assertEqual(now_us() - start, 1_500_000)
        with self.assertRaisesRegex(ValueError, "^sleep length must be non-negative$"):
            time.sleep(-1)
        with self.assertRaisesRegex(ValueError, r"^Invalid value NaN \(not a number\)$"):
            time.sleep(float("nan"))
        with self.assertRaisesRegex(TypeError, "^'str' object cannot be interpreted as an integer$"):
            time.sleep("1")

    def test_cpu_errors(self):
        with self.assertRaisesRegex(ValueError, r"^cpu\(\) time must be non-negative$"):
            cpu(-1)
        with self.assertRaisesRegex(ValueError, r"^cpu\(\) time must be non-negative$"):
            cpu(float("nan"))
        with self.assertRaisesRegex(TypeError, r"^cpu\(\) time must be a number, not str$"):
            cpu("1")

    def test_a_timer_due_now_fires_in_the_next_iteration(self):
        async def main():
            loop = asyncio.get_running_loop()
            log = []
            loop.call_later(0, log.append, "timer")
            loop.call_soon(log.append, "soon")
            await asyncio.sleep(0)
            return log
        self.assertEqual(run(main()), ["soon", "timer"])


class TieOrderTests(unittest.TestCase):
    def test_equal_deadlines_fire_in_scheduling_order(self):
        async def main():
            loop = asyncio.get_running_loop()
            log = []
            for i in range(50):
                loop.call_later(1, log.append, i)
            await asyncio.sleep(2)
            return log
        self.assertEqual(run(main()), list(range(50)))

    def test_same_deadline_by_different_sums(self):
        async def sleeper(steps, log, name):
            for s in steps:
                await asyncio.sleep(s)
            log.append(name)

        async def main():
            log = []
            # 0.1 + 0.2 and 0.3 are different floats but the same 300000 us.
            await asyncio.gather(sleeper([0.1, 0.2], log, "sum"), sleeper([0.3], log, "one"))
            return log
        self.assertEqual(run(main()), ["one", "sum"])

    def test_timer_and_device_share_the_sequence(self):
        disk = Device("disk", latency=1)

        async def timer(log):
            await asyncio.sleep(1)
            log.append("timer")

        async def read(log):
            await disk.read()
            log.append("read")

        async def main():
            log = []
            await asyncio.gather(timer(log), read(log))
            await asyncio.gather(read(log), timer(log))
            return log
        self.assertEqual(run(main()), ["timer", "read", "read", "timer"])


class DeviceTests(unittest.TestCase):
    def completions(self, device, submissions):
        """Submit (delay, nbytes) requests; return their completion offsets in us."""
        async def one(delay, nbytes, base):
            await asyncio.sleep(delay)
            await device.read(nbytes)
            return now_us() - base

        async def main():
            base = now_us()
            return await asyncio.gather(*[one(d, n, base) for d, n in submissions])
        return run(main())

    def test_unlimited_parallelism(self):
        dev = Device("d", latency=0.5)
        self.assertEqual(self.completions(dev, [(0, 0)] * 3), [500_000] * 3)

    def test_one_slot_is_first_come_first_served(self):
        dev = Device("d", latency=1, parallel=1)
        self.assertEqual(self.completions(dev, [(0, 0), (0, 0), (0.5, 0)]),
                         [1_000_000, 2_000_000, 3_000_000])

    def test_earliest_free_slot(self):
        dev = Device("d", latency=1, parallel=2)
        got = self.completions(dev, [(0, 0), (0, 0), (0, 0), (0.5, 0), (0.5, 0), (3.5, 0)])
        self.assertEqual(got, [1_000_000, 1_000_000, 2_000_000, 2_000_000, 3_000_000, 4_500_000])

    def test_service_time_is_rounded_once(self):
        dev = Device("d", latency=1e-7, bandwidth=3)
        # 1e-7 + 1/3 s = 333333.43 us -> 333333; rounding each part would also give that,
        # but 2 bytes: 666666.77 -> 666667.
        self.assertEqual(self.completions(dev, [(0, 1)]), [333_333])
        self.assertEqual(self.completions(dev, [(0, 2)]), [666_667])

    def test_read_returns_nbytes(self):
        dev = Device("d", latency=0.01)

        async def main():
            return [await dev.read(7), await dev.write(), dev.read_blocking(3), dev.write_blocking()]
        self.assertEqual(run(main()), [7, 0, 3, 0])

    def test_blocking_request_jumps_the_clock(self):
        dev = Device("d", latency=0.25, parallel=1)
        start = now_us()
        dev.read_blocking(10)
        dev.write_blocking(10)
        self.assertEqual(now_us() - start, 500_000)

    def test_cancelled_request_keeps_its_slot(self):
        dev = Device("d", latency=2, parallel=1)

        async def main():
            base = now_us()
            first = asyncio.create_task(dev.read())
            await asyncio.sleep(0.5)
            first.cancel()
            await asyncio.sleep(0.5)
            self.assertTrue(first.cancelled())
            await dev.read()
            return now_us() - base
        self.assertEqual(run(main()), 4_000_000)

    def test_argument_errors_in_order(self):
        cases = [
            (dict(latency=-1, bandwidth=0, parallel=0), ValueError, "latency must be non-negative"),
            (dict(latency=float("nan")), ValueError, "latency must be non-negative"),
            (dict(latency="1"), TypeError, "latency must be a number, not str"),
            (dict(bandwidth=0, parallel=0), ValueError, "bandwidth must be positive or None"),
            (dict(bandwidth=-1.5), ValueError, "bandwidth must be positive or None"),
            (dict(bandwidth="fast"), TypeError, "bandwidth must be a number or None, not str"),
            (dict(parallel=0), ValueError, "parallel must be a positive integer or None"),
            (dict(parallel=2.0), ValueError, "parallel must be a positive integer or None"),
            (dict(parallel="2"), ValueError, "parallel must be a positive integer or None"),
        ]
        for kwargs, error, message in cases:
            with self.subTest(kwargs=kwargs):
                with self.assertRaises(error) as caught:
                    Device("d", **kwargs)
                self.assertEqual(str(caught.exception), message)
        Device("d", latency=0, bandwidth=1, parallel=True)  # bool is an int, as in Python

    def test_nbytes_errors(self):
        dev = Device("d")
        with self.assertRaisesRegex(TypeError, "^nbytes must be an int, not float$"):
            dev.read_blocking(1.0)
        with self.assertRaisesRegex(ValueError, "^nbytes must be non-negative$"):
            dev.write_blocking(-1)

        async def main():
            coro = dev.read("x")  # nothing is checked until the coroutine runs
            with self.assertRaisesRegex(TypeError, "^nbytes must be an int, not str$"):
                await coro
        run(main())


class AsyncioRunTests(unittest.TestCase):
    def test_shutdown_cancels_pending_tasks_in_creation_order(self):
        async def victim(i, log):
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                log.append(i)
                raise

        log = []

        async def main():
            for i in range(20):
                asyncio.create_task(victim(i, log), name=f"v{i}")
            await asyncio.sleep(0)
        run(main())
        self.assertEqual(log, list(range(20)))


class SubprocessTests(unittest.TestCase):
    def test_deadlock_report_and_exit_code(self):
        code, out, err = run_script("""\
            import asyncio
            from awaitscope import Device, cpu

            async def consumer(q):
                await q.get()

            async def main():
                q = asyncio.Queue()
                t = asyncio.create_task(consumer(q), name="consumer")
                print("waiting")
                await t

            asyncio.run(main())
            """)
        self.assertEqual(code, 3)
        self.assertEqual(out, "waiting\n")
        self.assertEqual(err, "awaitscope: deadlock: every task is waiting and nothing can wake one\n"
                              "  Task-1 waits at line 11 on task consumer\n"
                              "  consumer waits at line 5 on queue get\n")

    def test_deadlock_in_a_callback_only_loop(self):
        code, out, err = run_script("""\
            import asyncio
            import awaitscope
            loop = asyncio.new_event_loop()
            loop.call_soon(print, "one callback")
            loop.run_forever()
            """)
        self.assertEqual((code, out), (3, "one callback\n"))
        self.assertEqual(err, "awaitscope: deadlock: the loop has no callback ready, no timer "
                              "pending and no task left, and nothing called loop.stop()\n")

    BLOCKING_PROBE = """\
        from asyncio import sleep
        import asyncio
        from awaitscope import Device, cpu

        disk = Device("disk", latency=0.5)

        async def other(log):
            log.append("other ran")

        async def main():
            loop = asyncio.get_running_loop()
            log = []
            asyncio.create_task(other(log))
            await sleep(1)
            log.append(f"slept to {loop.time()}")
            await asyncio.sleep(0)
            await asyncio.sleep(-1)
            log.append(await asyncio.sleep(0, "result"))
            log.append(await disk.read(5))
            log.append(f"read to {loop.time()}")
            await asyncio.sleep(0.000001)
            print(log)
            print(asyncio.iscoroutinefunction(asyncio.sleep), asyncio.sleep.__name__)
            asyncio.sleep(1)

        asyncio.run(main())
        """

    def test_blocking_mode_never_yields_in_sleep_or_read(self):
        code, out, err = run_script(self.BLOCKING_PROBE, mode="blocking")
        self.assertEqual(code, 0, err)
        self.assertEqual(out, "['slept to 1.0', 'result', 5, 'read to 1.5']\nTrue sleep\n")
        self.assertIn("RuntimeWarning: coroutine 'sleep' was never awaited", err)

    def test_async_mode_yields(self):
        code, out, err = run_script(self.BLOCKING_PROBE, mode="anything else")
        self.assertEqual(code, 0, err)
        self.assertEqual(out, "['other ran', 'slept to 1.0', 'result', 5, 'read to 1.5']\nTrue sleep\n")

    def test_blocking_mode_keeps_timers_and_queues(self):
        code, out, err = run_script("""\
            import asyncio
            from awaitscope import Device, cpu

            async def producer(q):
                await asyncio.sleep(1)
                await q.put("item")

            async def main():
                loop = asyncio.get_running_loop()
                q = asyncio.Queue()
                loop.call_later(0.5, print, "call_later still fires")
                asyncio.create_task(producer(q))
                print(await q.get(), loop.time())
                try:
                    await asyncio.wait_for(asyncio.Event().wait(), 2)
                except asyncio.TimeoutError:
                    print("wait_for timed out at", loop.time())

            asyncio.run(main())
            """, mode="blocking")
        self.assertEqual(code, 0, err)
        self.assertEqual(out, "item 1.0\ncall_later still fires\nwait_for timed out at 3.0\n")

    def test_run_inside_running_loop(self):
        code, out, err = run_script("""\
            import asyncio
            from awaitscope import Device, cpu

            async def inner():
                pass

            async def main():
                asyncio.run(inner())

            asyncio.run(main())
            """)
        self.assertEqual(code, 1)
        self.assertIn("RuntimeError: asyncio.run() cannot be called from a running event loop\n", err)
        self.assertIn("RuntimeWarning: coroutine 'inner' was never awaited", err)


if __name__ == "__main__":
    unittest.main()
