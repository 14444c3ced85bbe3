"""The programs `differential_fuzz.py` runs: random asyncio programs within the
scenario subset, each a function of (seed, index) alone.

They are valid, deterministic and terminating by construction: worker coroutines
only call workers defined before them, queues are drained by consumers that are
cancelled after `join()`, every event has a setter, callback chains end in
`loop.stop()` (or in the deadlock report both sides give), and nothing prints what
CPython itself leaves to chance (addresses in reprs, the order of a set).
"""

import random
from contextlib import contextmanager


class Code:
    """Lines of Python with the current indentation."""

    def __init__(self):
        self.lines = []
        self.depth = 0

    def line(self, text):
        self.lines.append("    " * self.depth + text)

    @contextmanager
    def block(self, header):
        self.line(header)
        self.depth += 1
        yield
        self.depth -= 1

    def text(self):
        return "\n".join(self.lines) + "\n"


# Delays in scenes are constants; workers also sleep for times that depend on `n`.
DELAYS = ["0", "0", "0.1", "0.1", "0.25", "0.5", "1", "0.3"]
WORKER_DELAYS = DELAYS + ["n * 0.1", "0.05 * (n + 1)"]
CPU_TIMES = ["0.01", "0.05", "0.1", "n / 100"]
TIMEOUTS = ["0", "0.05", "0.1", "0.2", "0.3", "0.5", "1", "2", "5"]

# Expressions over a worker's `name` (str) and `n` (int): values to print and return.
VALUES = [
    "n",
    "n * 2.5",
    "n / 3",
    "-n // 4",
    "-n % 3",
    "(n - 7) % 4",
    "round(n / 7, 2)",
    "round(n * 1.005, 2)",
    "n ** 2",
    "2 ** -n",
    "[n, n * 2]",
    "(name, n)",
    "(n,)",
    '{"n": n, "half": n / 2}',
    "name.upper()",
    'f"{n:05.1f}"',
    'f"{name!r:>8}|"',
    'f"{n / 3:.3f}"',
    'f"{n:+d}"',
    "str(n) * 2",
    "sum(range(n))",
    "max(n, 3) - min(n, 3)",
    "n / 0.1",
    "abs(-n) + 0.1 + 0.2",
    "sorted([3, n, 1])",
    '",".join([name, str(n)])',
    "[x * n for x in range(3)]",
    "name[-1:] + name[:2]",
    "float(n) == n",
    "n > 2 and name or None",
    "int(n / 2) if n % 2 else n // 2",
    "[name] * 2",
    "n * 0.1",
    "0.1 * 3 + n",
    "1e16 + n",
    "n * 1e-7",
    "2 ** 0.5 * n",
    "(-n - 0.5) // 2",
    "(-n - 0.5) % 2",
    "-n % -3",
    "n % -3",
    "round(n + 0.5)",
    "round(-n - 0.5)",
    "round(n * 123.456, -1)",
    "int(-n / 2)",
    "-0.0 * n",
    "10 ** n",
    "n ** -1 if n else 0",
    'f"{n * 1234.5678:,.2f}"',
    'f"{n / 7:.2%}"',
    'f"{n * 1e6:.3e}"',
    'f"{n / 3:g}"',
    'f"{name:^9}|{n:<3}|"',
    'f"{name:*<7}"',
    'f"{n:08.3f}"',
    'f"{-n:+05d}"',
    "str(n / 3)",
    "repr(name)",
    '{name: [n], "k": (n, None)}',
    "(n, n / 2, True, None)",
    "n == 3.0",
    'name.split(".")',
    'name.replace("t", "T").strip("0")',
    "len(name) ** n",
    "sum([0.1] * n)",
    "max([n, 2.5, -1])",
    'sorted([name, "b", "A"])',
    "list(zip(name, range(n)))",
    "list(enumerate(name[:3]))",
    "list(range(n, 0, -2))",
    "name[::-1]",
    "[1, 2, 3][-n:]",
    "n in [1, 3, 5]",
    "not n",
    "isinstance(n, int)",
    'int("12") + float("1.5") * n',
]

# Statements that may raise, each with the exception it raises.
FAILURES = [
    'raise ValueError(f"{name} failed at {n}")',
    'raise KeyError(name)',
    'raise RuntimeError("broken") from ValueError(n)',
    "print(name, 10 // (n - {k}))",
    "print(name, [1, 2, 3][n])",
    'print(name, {"a": 1}[name])',
]


# Mismatches already found, which `--avoid NAME` keeps out of the programs so that
# the next run can find others.
KNOWN_MISMATCHES = {
    "pending-at-exit": "a task left pending by run_until_complete runs no finally when Python exits",
}


# Snippets of everyday Python over `name` and `n`, one statement list each (lines
# joined by "\n", indented by four spaces a level).
SNIPPETS = [
    "items = [n, 3, 1]\nitems.sort()\nitems.append(name)\nprint(items, items.index(3), items.count(1))",
    "items = [n, 3, 1, n]\nitems.remove(n)\nitems.insert(0, -n)\nitems.reverse()\nprint(items, items.pop(), items.pop(0), items)",
    "items = list(range(5))\nitems[1:3] = [n, n]\nprint(items, items[::2], items[-2:], items[10:])",
    'd = {"a": n}\nd.setdefault("b", []).append(n)\nd.update({"c": 3})\nprint(d, d.get("z", -1), list(d.items()), d.pop("a"), d)',
    'd = {}\nfor ch in name:\n    d[ch] = d.get(ch, 0) + 1\nprint(d, sorted(d.items(), key=lambda kv: (-kv[1], kv[0])))',
    "acc = 0\nk = n\nwhile k > 0:\n    acc += k\n    k -= 2\nelse:\n    print(name, \"while done\", acc)",
    "def make(k):\n    return lambda x: x * k + n\nprint(make(2)(3), [make(i)(1) for i in range(3)])",
    "total = 0\ndef add(v=1):\n    nonlocal total\n    total += v\n    return total\nadd(n)\nadd()\nprint(name, \"total\", total)",
    "first, rest = n, [1, 2]\nx, y = rest\nx, y = y, x\nprint(first, rest, x, y)",
    "def pick(v):\n    try:\n        return 10 // v\n    except ZeroDivisionError:\n        return None\n    finally:\n        print(\"pick\", v, end=\" \")\nprint(pick(n), pick(0))",
    "for i in range(4):\n    if i == n:\n        print(name, \"found\", i)\n        break\nelse:\n    print(name, \"not found\")",
    "words = (name + \" a  b \").split()\nprint(\"-\".join(words).upper(), \"|\".join(w.strip(\".\") for w in words), words)",
    "print(*[n, name, None], sep=\", \")\nprint(0 < n <= 3, n != 3 != n, n if n > 2 else -n if n else \"zero\")",
    "print(isinstance(n / 2, (int, float)), isinstance(name, int), int(\" 42 \"), float(\"-1.5e3\"), str(1e100))",
    "print(min([name, \"zz\", \"a\"], key=len), max(3, n, key=lambda v: -v), sum([n, 0.5]), abs(-n * 1.5))",
    "print(round(0.5), round(1.5), round(2.5), round(-0.5), round(n / 8, 1), round(2.675, 2))",
    "print(7 // -2, -7 // 2, 7 % -2, -7 % 2, -7.5 // 2, -7.5 % 2, 2 ** -1, (-2) ** 3, 2 ** 10 // 3)",
    "print(str(0.1 + 0.2), 1 / 3, 2 / 3, 1e-5, 1e22, 123456789.0 * 1000, 1.0, -0.0, 3 * 1.1)",
    "pairs = list(zip([n, 1], \"ab\", [True, None]))\nprint(pairs, dict(pairs[:1]) if False else pairs[0], list(enumerate(\"xy\", 1)))",
    "assert n >= 0, \"negative\"\nassert isinstance(name, str)\nprint(name, \"asserted\")",
    "try:\n    assert n < 3, f\"{name} too big\"\nexcept AssertionError as e:\n    print(\"assert\", e)",
    "try:\n    int(name)\nexcept ValueError as e:\n    print(e)\ntry:\n    print(name + n)\nexcept TypeError as e:\n    print(e)",
    "try:\n    [].pop()\nexcept IndexError as e:\n    print(repr(e))\ntry:\n    {}[name]\nexcept KeyError as e:\n    print(repr(e), str(e), e.args)",
]


class Generator:
    """One random program from one random.Random."""

    def __init__(self, rng, avoid=()):
        self.rng = rng
        self.avoid = set(avoid)
        self.code = Code()
        self.devices = []
        self.workers = 0
        self.fresh = 0

    def pick(self, items):
        return self.rng.choice(items)

    def chance(self, p):
        return self.rng.random() < p

    def new_name(self, stem):
        self.fresh += 1
        return f"{stem}{self.fresh}"

    def program(self):
        c = self.code
        c.line("import asyncio")
        c.line("import time")
        c.line("from awaitscope import Device, cpu")
        c.line("")
        for name in self.rng.sample(["disk", "net", "db"], self.rng.randint(1, 2)):
            args = [f'"{name}"', f"latency={self.pick(['0.01', '0.05', '0.2', '0', '0.125'])}"]
            if self.chance(0.4):
                args.append(f"bandwidth={self.pick(['1_000_000', '50_000', '3_000'])}")
            if self.chance(0.5):
                args.append(f"parallel={self.rng.randint(1, 3)}")
            c.line(f"{name} = Device({', '.join(args)})")
            self.devices.append(name)
        c.line("background = []")
        for _ in range(self.rng.randint(2, 5)):
            c.line("")
            self.worker()
        scenes = []
        for _ in range(self.rng.randint(1, 4)):
            c.line("")
            scenes.append(self.scene())
        c.line("")
        self.main(scenes)
        c.line("")
        if self.chance(0.15):
            c.line("time.sleep(0.5)")
        ending = self.pick(["run", "run", "run", "run", "twice", "loop"])
        if ending == "loop" and "pending-at-exit" in self.avoid:
            # The background is cancelled and run to its end, also when main()
            # fails, so that (most of the time) nothing is pending when Python exits.
            c.line("loop = asyncio.new_event_loop()")
            with c.block("try:"):
                c.line("loop.run_until_complete(main())")
            with c.block("finally:"):
                c.line('print("pending after", len(background), sum(1 for t in background if not t.done()))')
                with c.block("for t in background:"):
                    c.line("t.cancel()")
                with c.block("if background:"):
                    c.line("loop.run_until_complete(asyncio.gather(*background, return_exceptions=True))")
        elif ending == "loop":
            c.line("loop = asyncio.new_event_loop()")
            c.line("loop.run_until_complete(main())")
            c.line('print("pending after", len(background), sum(1 for t in background if not t.done()))')
        else:
            c.line("asyncio.run(main())")
            if ending == "twice":
                c.line("asyncio.run(main())")
        if self.chance(0.2):
            c.line('print("after", f"{asyncio.new_event_loop().time():.3f}")')
        return c.text()

    # -- workers: `async def workK(name, n)`, each may await the ones before it

    def worker(self):
        index = self.workers
        self.workers += 1
        with self.code.block(f"async def work{index}(name, n):"):
            self.code.line("loop = asyncio.get_running_loop()")
            self.statements(index, depth=0, count=self.rng.randint(2, 5))
            self.code.line(f"return {self.pick(VALUES)}")

    def statements(self, index, depth, count):
        for _ in range(count):
            self.statement(index, depth)

    def statement(self, index, depth):
        c = self.code
        kinds = ["sleep", "sleep", "device", "cpu", "print", "value", "value", "fail", "blocking", "snippet"]
        if index > 0:
            kinds += ["call", "call", "gather", "task"]
        if depth == 0:
            kinds += ["loop"]
        if depth < 2:
            kinds += ["try", "cancel_guard"]
        kind = self.pick(kinds)
        if kind == "sleep":
            c.line(f"await asyncio.sleep({self.pick(WORKER_DELAYS)})")
        elif kind == "device":
            device = self.pick(self.devices)
            op = self.pick(["read", "write"])
            c.line(f"got = await {device}.{op}({self.pick(['0', '100', '4096', 'n * 1000'])})")
            if self.chance(0.5):
                c.line(f'print(name, "{op}", got, f"{{loop.time():.4f}}")')
        elif kind == "cpu":
            if self.chance(0.5):
                c.line(f"cpu({self.pick(CPU_TIMES)})")
            else:
                c.line(f"time.sleep({self.pick(CPU_TIMES)})")
        elif kind == "print":
            stamp = self.pick(["{loop.time():.3f}", "{loop.time()}", "{loop.time():>8.2f}"])
            c.line(f'print(f"{stamp} {{name}} step {self.fresh}")')
            self.fresh += 1
        elif kind == "value":
            if self.chance(0.3):
                c.line(f"print(name, {self.pick(VALUES)}, sep={self.pick(['|', ', '])!r})")
            else:
                c.line(f"print({self.pick(VALUES)})")
        elif kind == "fail":
            m = self.rng.randint(2, 4)
            failure = self.pick(FAILURES).replace("{k}", str(self.rng.randint(0, 4)))
            with c.block(f"if n % {m} == {self.rng.randint(0, m - 1)}:"):
                c.line(failure)
        elif kind == "call":
            callee = self.rng.randrange(index)
            c.line(f'sub = await work{callee}(name + ".{self.fresh}", n + {self.rng.randint(0, 2)})')
            self.fresh += 1
            c.line('print(name, "got", sub)')
        elif kind == "gather":
            calls = [
                f'work{self.rng.randrange(index)}(name + "/{k}", n + {k})'
                for k in range(self.rng.randint(1, 3))
            ]
            flag = self.pick(["", ", return_exceptions=True"])
            c.line(f"subs = await asyncio.gather({', '.join(calls)}{flag})")
            c.line('print(name, "gathered", subs)')
        elif kind == "task":
            c.line(f'child = asyncio.create_task(work{self.rng.randrange(index)}(name + "+", n + 1))')
            if self.chance(0.5):
                c.line(f"await asyncio.sleep({self.pick(WORKER_DELAYS)})")
            c.line('print(name, "child", child.get_name(), child.done())')
            c.line('print(name, "child gave", await child)')
        elif kind == "loop":
            with c.block(f"for i in range({self.pick(['n', '2', '3', 'n % 3'])}):"):
                c.line(f"await asyncio.sleep({self.pick(['0', '0.1', 'i * 0.1', '0.2'])})")
                c.line(f'print(name, "tick", i, f"{{loop.time():.2f}}", end="{self.pick([" ", "; ", ""])}")')
                if self.chance(0.3):
                    with c.block("if i == 1:"):
                        c.line(self.pick(["break", "continue"]))
            c.line("print()")
        elif kind == "snippet":
            self.lines(self.pick(SNIPPETS))
        elif kind == "blocking":
            c.line(f"got = {self.pick(self.devices)}.read_blocking({self.pick(['10', 'n * 100'])})")
            c.line('print(name, "blocked for", got, f"{loop.time():.3f}")')
        elif kind == "try":
            self.try_statement(index, depth)
        elif kind == "cancel_guard":
            with c.block("try:"):
                self.statements(index, depth + 1, self.rng.randint(1, 3))
            with c.block("except asyncio.CancelledError as e:"):
                c.line(f'print(f"{{loop.time():.3f}}", name, "cancelled", e.args)')
                ending = self.pick(["raise", "raise", "return -1", "pass"])
                c.line(ending)

    def lines(self, text):
        """Lines of a snippet, at the current indentation."""
        for line in text.split("\n"):
            self.code.line(line)

    def try_statement(self, index, depth):
        c = self.code
        with c.block("try:"):
            self.statements(index, depth + 1, self.rng.randint(1, 3))
            if self.chance(0.5):
                c.line(self.pick(FAILURES).replace("{k}", "2"))
        caught = self.pick(["ValueError", "Exception", "(KeyError, IndexError)", "ZeroDivisionError"])
        with c.block(f"except {caught} as e:"):
            c.line(f'print(name, "caught", {self.pick(["e", "repr(e)", "e.args", "e.__cause__"])})')
            if self.chance(0.2):
                c.line('raise RuntimeError(f"{name} gave up") from e')
        if self.chance(0.3):
            with c.block("else:"):
                c.line('print(name, "no error")')
        if self.chance(0.4):
            with c.block("finally:"):
                c.line('print(name, "finally", f"{loop.time():.2f}")')

    def call(self, label, n=None):
        """A call of a random worker, as an expression."""
        worker = self.rng.randrange(self.workers)
        if n is None:
            n = self.rng.randint(0, 6)
        return f'work{worker}("{label}", {n})'

    # -- scenes: `async def sceneK()`, one pattern of asyncio each

    def scene(self):
        kind = self.pick(
            [
                "gather", "tasks", "wait", "as_completed", "wait_for", "shield", "cancel",
                "queue", "lock", "semaphore", "event", "callbacks", "chain",
                "gather_cancel", "cancel_waiter", "self_cancel", "exception", "background",
            ]
        )
        name = self.new_name(f"scene_{kind}_")
        with self.code.block(f"async def {name}():"):
            self.code.line("loop = asyncio.get_running_loop()")
            getattr(self, f"scene_{kind}")()
        return name

    def create_tasks(self, count):
        c = self.code
        if self.chance(0.4):
            worker = self.rng.randrange(self.workers)
            c.line(f'tasks = [asyncio.create_task(work{worker}(f"t{{i}}", i)) for i in range({count})]')
        else:
            calls = []
            for k in range(count):
                call = self.call(f"t{k}")
                if self.chance(0.3):
                    call += f', name="job{k}"'
                calls.append(f"asyncio.create_task({call})")
            c.line(f"tasks = [{', '.join(calls)}]")

    def report_tasks(self):
        c = self.code
        with c.block("for t in tasks:"):
            c.line("print(t.get_name(), t.done(), t.cancelled())")
        c.line("results = await asyncio.gather(*tasks, return_exceptions=True)")
        c.line("print(results)")

    def scene_gather(self):
        c = self.code
        flag = self.chance(0.5)
        if self.chance(0.3):
            worker = self.rng.randrange(self.workers)
            calls = f'*[work{worker}(f"g{{i}}", i) for i in range({self.rng.randint(1, 4)})]'
        else:
            calls = ", ".join(self.call(f"g{k}") for k in range(self.rng.randint(1, 4)))
        if self.chance(0.2):
            calls += f", asyncio.sleep({self.pick(DELAYS[:6])}, result='slept')"
        with c.block("try:"):
            c.line(f"results = await asyncio.gather({calls}, return_exceptions={flag})")
            c.line('print("gathered", results, f"{loop.time():.3f}")')
        with c.block("except Exception as e:"):
            c.line('print("gather failed", repr(e), f"{loop.time():.3f}")')

    def scene_tasks(self):
        c = self.code
        self.create_tasks(self.rng.randint(1, 4))
        if self.chance(0.5):
            c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
        with c.block("for t in tasks:"):
            with c.block("try:"):
                c.line("r = await t")
                c.line('print(t.get_name(), "->", r, t.done())')
            with c.block("except Exception as e:"):
                c.line('print(t.get_name(), "raised", repr(e))')
                with c.block("try:"):
                    c.line("t.result()")
                with c.block("except ValueError as again:"):
                    c.line('print("result() raises", again)')
                with c.block("except Exception:"):
                    c.line('print("result() raises too")')

    def scene_wait(self):
        c = self.code
        self.create_tasks(self.rng.randint(1, 4))
        how = self.pick(["asyncio.FIRST_COMPLETED", "asyncio.ALL_COMPLETED", "asyncio.FIRST_EXCEPTION"])
        timeout = f", timeout={self.pick(TIMEOUTS)}" if self.chance(0.6) else ""
        c.line(f"done, pending = await asyncio.wait(tasks, return_when={how}{timeout})")
        c.line('print(len(done), len(pending), f"{loop.time():.3f}")')
        c.line("print(sorted(t.get_name() for t in done))")
        if self.chance(0.7):
            with c.block("for t in tasks:"):
                with c.block("if not t.done():"):
                    c.line(f"t.cancel({self.pick(['', repr('stop')])})")
        self.report_tasks()

    def scene_as_completed(self):
        c = self.code
        self.create_tasks(self.rng.randint(1, 4))
        timeout = f", timeout={self.pick(TIMEOUTS[1:])}" if self.chance(0.4) else ""
        with c.block("try:"):
            with c.block(f"for fut in asyncio.as_completed(tasks{timeout}):"):
                with c.block("try:"):
                    c.line('print("next", await fut, f"{loop.time():.3f}")')
                with c.block("except (ValueError, KeyError) as e:"):
                    c.line('print("next raised", repr(e))')
        with c.block("except asyncio.TimeoutError:"):
            c.line('print("as_completed timed out", f"{loop.time():.3f}")')
        self.report_tasks()

    def scene_wait_for(self):
        c = self.code
        error = self.pick(["asyncio.TimeoutError", "TimeoutError"])
        with c.block("try:"):
            c.line(f"r = await asyncio.wait_for({self.call('wf')}, timeout={self.pick(TIMEOUTS)})")
            c.line('print("in time", r, f"{loop.time():.3f}")')
        with c.block(f"except {error} as e:"):
            c.line('print("timed out", repr(e), f"{loop.time():.3f}")')
        with c.block("except Exception as e:"):
            c.line('print("wait_for failed", repr(e))')

    def scene_shield(self):
        c = self.code
        c.line(f"t = asyncio.create_task({self.call('shielded')})")
        with c.block("try:"):
            c.line(f"r = await asyncio.wait_for(asyncio.shield(t), {self.pick(TIMEOUTS)})")
        with c.block("except asyncio.TimeoutError:"):
            c.line('print("shield timed out", t.done(), t.cancelled(), f"{loop.time():.3f}")')
            c.line("r = await t")
        c.line('print("shielded", r, f"{loop.time():.3f}")')
        if self.chance(0.5):
            c.line(f"outer = asyncio.shield(asyncio.create_task({self.call('inner')}))")
            c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
            c.line('print("outer cancel", outer.cancel(), outer.cancelled())')
            c.line("await asyncio.sleep(1)")

    def scene_cancel(self):
        c = self.code
        c.line(f"t = asyncio.create_task({self.call('victim')})")
        moment = self.pick(["", "await asyncio.sleep(0)", f"await asyncio.sleep({self.pick(DELAYS)})"])
        if moment:
            c.line(moment)
        message = self.pick(["", "", '"enough"', 'msg="stop now"'])
        c.line(f'print("cancel", t.cancel({message}), t.done(), t.cancelled())')
        if self.chance(0.3):
            c.line('print("cancel again", t.cancel())')
        with c.block("try:"):
            c.line("r = await t")
            c.line('print("survived", r)')
        with c.block("except asyncio.CancelledError as e:"):
            c.line('print("cancelled", e.args, f"{loop.time():.3f}")')
        c.line('print("state", t.done(), t.cancelled())')
        with c.block("try:"):
            c.line('print("result", t.result())')
        with c.block("except asyncio.CancelledError as e:"):
            c.line('print("result() raises CancelledError", e.args)')

    def scene_queue(self):
        c = self.code
        c.line(f"q = asyncio.Queue(maxsize={self.rng.randint(0, 3)})")
        c.line("seen = []")
        with c.block("async def producer(pid, count):"):
            with c.block("for i in range(count):"):
                c.line("await q.put((pid, i))")
                c.line(f'print(f"{{loop.time():.3f}} put", pid, i, q.qsize())')
                if self.chance(0.6):
                    c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
        with c.block("async def consumer(cid):"):
            with c.block("while True:"):
                c.line("item = await q.get()")
                with c.block("try:"):
                    if self.chance(0.5):
                        device = self.pick(self.devices)
                        c.line(f"await {device}.read(100)")
                    else:
                        c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
                    if self.chance(0.3):
                        c.line(f"cpu({self.pick(CPU_TIMES[:3])})")
                    c.line('print(f"{loop.time():.3f}", cid, "got", item)')
                    c.line("seen.append(item)")
                with c.block("finally:"):
                    c.line("q.task_done()")
        consumers = self.rng.randint(1, 3)
        producers = ", ".join(
            f'producer("p{k}", {self.rng.randint(0, 4)})' for k in range(self.rng.randint(1, 3))
        )
        c.line(f'workers = [asyncio.create_task(consumer(f"c{{i}}")) for i in range({consumers})]')
        if self.chance(0.3):
            with c.block("try:"):
                c.line('print("nowait", q.get_nowait())')
            with c.block("except asyncio.QueueEmpty:"):
                c.line('print("queue empty", q.qsize(), q.maxsize)')
        c.line(f"await asyncio.gather({producers})")
        c.line("await q.join()")
        c.line('print("joined", len(seen), q.qsize(), q.empty(), f"{loop.time():.3f}")')
        with c.block("for w in workers:"):
            c.line("w.cancel()")
        c.line("print(await asyncio.gather(*workers, return_exceptions=True))")

    def scene_lock(self):
        c = self.code
        c.line("lock = asyncio.Lock()")
        c.line('state = {"count": 0, "log": []}')
        locked = self.chance(0.7)
        with c.block("async def bump(tag, delay):"):
            header = "async with lock:" if locked else "if True:"
            with c.block(header):
                c.line('value = state["count"]')
                c.line("await asyncio.sleep(delay)")
                if self.chance(0.4):
                    c.line(f"await {self.pick(self.devices)}.write(10)")
                c.line('state["count"] = value + 1')
                c.line('state["log"].append(tag)')
                if locked:
                    c.line('print(tag, "holds", lock.locked(), f"{loop.time():.3f}")')
        bumps = ", ".join(
            f'bump("b{k}", {self.pick(DELAYS)})' for k in range(self.rng.randint(2, 4))
        )
        c.line(f"await asyncio.gather({bumps})")
        c.line('print(state, lock.locked())')

    def scene_semaphore(self):
        c = self.code
        c.line(f"sem = asyncio.Semaphore({self.rng.randint(1, 3)})")
        device = self.pick(self.devices)
        with c.block("async def fetch(i):"):
            with c.block("async with sem:"):
                c.line(f'print(f"{{loop.time():.3f}} start", i)')
                c.line(f"size = await {device}.read(i * 500)")
                if self.chance(0.3):
                    c.line(f"await {self.call('inner', 'i')}")
            c.line(f'print(f"{{loop.time():.3f}} done", i, size)')
            c.line("return size")
        c.line(f"sizes = await asyncio.gather(*[fetch(i) for i in range({self.rng.randint(1, 5)})], return_exceptions=True)")
        c.line('print(sizes, f"{loop.time():.3f}")')

    def scene_event(self):
        c = self.code
        c.line("ev = asyncio.Event()")
        with c.block("async def waiter(tag):"):
            if self.chance(0.4):
                with c.block("try:"):
                    c.line(f"await asyncio.wait_for(ev.wait(), {self.pick(TIMEOUTS[1:])})")
                with c.block("except asyncio.TimeoutError:"):
                    c.line('print(tag, "gave up", f"{loop.time():.3f}")')
                    c.line("return tag + '!'")
            else:
                c.line("await ev.wait()")
            c.line('print(tag, "woke", ev.is_set(), f"{loop.time():.3f}")')
            c.line("return tag")
        with c.block("async def setter():"):
            c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
            if self.chance(0.5):
                c.line(f"cpu({self.pick(CPU_TIMES[:3])})")
            c.line("ev.set()")
            c.line('print("set", f"{loop.time():.3f}")')
        waiters = [f'waiter("w{k}")' for k in range(self.rng.randint(1, 3))]
        position = self.rng.randint(0, len(waiters))
        waiters.insert(position, "setter()")
        c.line(f"print(await asyncio.gather({', '.join(waiters)}))")
        if self.chance(0.3):
            c.line("ev.clear()")
            c.line("print(ev.is_set())")

    def scene_callbacks(self):
        c = self.code
        c.line("log = []")
        for k in range(self.rng.randint(1, 4)):
            kind = self.pick(["soon", "later", "later", "lambda", "cancelled"])
            if kind == "soon":
                c.line(f'loop.call_soon(log.append, "soon{k}")')
            elif kind == "later":
                c.line(f'loop.call_later({self.pick(DELAYS)}, print, "later{k}", {self.rng.randint(0, 9)})')
            elif kind == "lambda":
                c.line(f'loop.call_later({self.pick(DELAYS)}, lambda: log.append(f"lambda{k} {{loop.time():.2f}}"))')
            else:
                c.line(f'h = loop.call_later({self.pick(DELAYS)}, log.append, "never")')
                c.line("h.cancel()")
        if self.chance(0.5):
            c.line(f"cpu({self.pick(CPU_TIMES[:3])})")
        c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
        c.line('print("log", log, f"{loop.time():.3f}")')
        c.line("await asyncio.sleep(1)")
        c.line('print("log", log)')

    def scene_chain(self):
        c = self.code
        with c.block("try:"):
            with c.block("try:"):
                c.line(f"await {self.call('chain')}")
                c.line('raise KeyError("missing")')
            with c.block("except (KeyError, ValueError) as e:"):
                c.line(f'raise RuntimeError("wrapped") from {self.pick(["e", "None"])}')
        with c.block("except Exception as e:"):
            c.line('print(repr(e), repr(e.__cause__), repr(e.__context__))')

    def scene_gather_cancel(self):
        c = self.code
        calls = ", ".join(self.call(f"gc{k}") for k in range(self.rng.randint(1, 3)))
        c.line(f"g = asyncio.gather({calls}, return_exceptions={self.chance(0.5)})")
        c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
        c.line(f'print("cancel gather", g.cancel({self.pick(["", repr("halt")])}), g.done())')
        with c.block("try:"):
            c.line('print("gather gave", await g)')
        with c.block("except asyncio.CancelledError as e:"):
            c.line('print("gather cancelled", g.cancelled(), f"{loop.time():.3f}")')
        with c.block("except Exception as e:"):
            c.line('print("gather raised", repr(e))')

    def scene_cancel_waiter(self):
        """A task cancelled while it waits on a lock, a queue, an event or wait_for."""
        c = self.code
        c.line("lock = asyncio.Lock()")
        c.line("q = asyncio.Queue()")
        c.line("ev = asyncio.Event()")
        waits = {
            "lock": "async with lock:\n    await asyncio.sleep(0.5)",
            "queue": "print(await q.get())",
            "event": "await ev.wait()",
            "wait_for": "await asyncio.wait_for(ev.wait(), 2)",
            "device": f"await {self.pick(self.devices)}.read(10)",
        }
        with c.block("async def blocked(tag, what):"):
            with c.block("try:"):
                for what, body in waits.items():
                    with c.block(f'if what == "{what}":'):
                        self.lines(body)
                c.line('print(tag, "got through", f"{loop.time():.3f}")')
            with c.block("except asyncio.CancelledError:"):
                c.line('print(tag, "cancelled while waiting", f"{loop.time():.3f}")')
                if self.chance(0.3):
                    c.line("await asyncio.sleep(0.1)")
                c.line(self.pick(["raise", "return tag"]))
            with c.block("finally:"):
                c.line('print(tag, "cleanup", lock.locked())')
        kinds = [self.pick(list(waits)) for _ in range(self.rng.randint(2, 4))]
        tasks = ", ".join(f'asyncio.create_task(blocked("b{k}", "{what}"))' for k, what in enumerate(kinds))
        c.line(f"tasks = [{tasks}]")
        c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
        c.line(f"tasks[{self.rng.randrange(len(kinds))}].cancel()")
        if self.chance(0.5):
            c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
        c.line("ev.set()")
        with c.block("for t in tasks:"):
            c.line('q.put_nowait("item")')
        if self.chance(0.5):
            c.line(f"tasks[{self.rng.randrange(len(kinds))}].cancel()")
        self.report_tasks()

    def scene_self_cancel(self):
        c = self.code
        with c.block("async def victim():"):
            c.line("me = asyncio.current_task()")
            how = self.pick(["me.cancel()", "loop.call_soon(me.cancel)", f"loop.call_later({self.pick(DELAYS)}, me.cancel)"])
            c.line(how)
            with c.block("try:"):
                c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
                c.line('print("not cancelled yet")')
                c.line("await asyncio.sleep(1)")
            with c.block("except asyncio.CancelledError:"):
                c.line('print("victim cancelled", f"{loop.time():.3f}")')
                c.line(self.pick(["raise", "return 'swallowed'"]))
            c.line("return 'finished'")
        c.line("t = asyncio.create_task(victim())")
        with c.block("try:"):
            c.line('print("victim gave", await t)')
        with c.block("except asyncio.CancelledError:"):
            c.line('print("victim ended cancelled", t.cancelled())')

    def scene_exception(self):
        c = self.code
        self.create_tasks(self.rng.randint(1, 3))
        c.line("await asyncio.wait(tasks)")
        with c.block("for t in tasks:"):
            with c.block("if t.cancelled():"):
                c.line('print(t.get_name(), "cancelled")')
            with c.block("else:"):
                c.line("print(t.get_name(), repr(t.exception()))")

    def scene_background(self):
        """Tasks nobody awaits: asyncio.run cancels those still running when main returns."""
        c = self.code
        with c.block("async def chore(tag, delay):"):
            with c.block("try:"):
                c.line("await asyncio.sleep(delay)")
                c.line('print(tag, "chore done", f"{loop.time():.3f}")')
                if self.chance(0.4):
                    c.line('raise ValueError(tag)')
            with c.block("except asyncio.CancelledError:"):
                c.line('print(tag, "chore cancelled", f"{loop.time():.3f}")')
                c.line(self.pick(["raise", "return tag"]))
            with c.block("finally:"):
                if self.chance(0.3):
                    c.line("await asyncio.sleep(0)")
                c.line('print(tag, "chore finally")')
        for k in range(self.rng.randint(1, 3)):
            c.line(f'background.append(asyncio.create_task(chore("bg{k}", {self.pick(["0", "0.1", "1", "5", "50"])})))')
        if self.chance(0.5):
            c.line(f"background.append(asyncio.create_task({self.call('bgw')}))")

    # -- main: the scenes, in turn or together, and maybe an uncaught exception

    def main(self, scenes):
        c = self.code
        with c.block("async def main():"):
            c.line("loop = asyncio.get_running_loop()")
            c.line('print("start", asyncio.current_task().get_name(), loop.time())')
            remaining = list(scenes)
            while remaining:
                if len(remaining) >= 2 and self.chance(0.3):
                    first, second = remaining.pop(0), remaining.pop(0)
                    c.line(f"await asyncio.gather({first}(), {second}())")
                elif self.chance(0.3):
                    with c.block("try:"):
                        c.line(f"await {remaining.pop(0)}()")
                    with c.block("except Exception as e:"):
                        c.line('print("scene failed", repr(e))')
                else:
                    c.line(f"await {remaining.pop(0)}()")
            if self.chance(0.1):
                # main itself cancelled: asyncio.run raises CancelledError (exit 1)
                c.line(f"loop.call_later({self.pick(DELAYS)}, asyncio.current_task().cancel)")
                c.line(f"await asyncio.sleep({self.pick(DELAYS)})")
            if self.chance(0.25):
                c.line(f"print(await {self.call('last')})")
            c.line('print("end", f"{loop.time():.3f}")')


def callback_program(rng):
    """A callback-style program, as the seed example is: callbacks on a hand-run loop
    (`run_forever` until one calls `stop()`), scheduling each other with `call_soon`,
    `call_later` and `call_at`, some blocking the thread with `time.sleep` or `cpu`,
    some cancelled, one maybe failing (asyncio logs it and the loop goes on), and a
    coroutine run to its end with `run_until_complete` before or after."""
    c = Code()
    c.line("import asyncio")
    c.line("import time")
    c.line("from awaitscope import cpu")
    c.line("")
    c.line(f"loop = asyncio.{rng.choice(['new_event_loop', 'new_event_loop', 'get_event_loop'])}()")
    c.line(f"calls = {{'n': 0, 'limit': {rng.randint(2, 8)}}}")
    c.line("")
    names = [f"cb{k}" for k in range(rng.randint(2, 4))]
    for k, name in enumerate(names):
        with c.block(f"def {name}(tag, n=0):"):
            c.line("calls['n'] += 1")
            c.line(f'print("{name}", tag, n, calls["n"], f"{{loop.time():.3f}}")')
            if rng.random() < 0.5:
                c.line(f"time.sleep({rng.choice(['0.1', '0.5', '1'])})")
            elif rng.random() < 0.5:
                c.line(f"cpu({rng.choice(['0.01', '0.2'])})")
            with c.block("if calls['n'] >= calls['limit']:"):
                c.line('print("stopping", f"{loop.time():.3f}")')
                c.line("loop.stop()")
                c.line("return")
            if rng.random() < 0.15:
                with c.block("if n == 2:"):
                    c.line(f'raise ValueError("{name} failed")')
            other = rng.choice(names)
            how = rng.choice(["soon", "later", "later", "at", "lambda", "cancel"])
            if how == "soon":
                c.line(f'loop.call_soon({other}, "{name}", n + 1)')
            elif how == "later":
                c.line(f'loop.call_later({rng.choice(DELAYS)}, {other}, "{name}", n + 1)')
            elif how == "at":
                c.line(f'loop.call_at(loop.time() + {rng.choice(DELAYS)}, {other}, "{name}", n + 1)')
            elif how == "lambda":
                c.line(f'loop.call_soon(lambda: {other}("lambda", n + 1))')
            else:
                c.line(f'h = loop.call_later(0.5, {other}, "never", n)')
                c.line(f'loop.call_later({rng.choice(["0.1", "0.7"])}, h.cancel)')
                c.line(f'loop.call_soon({other}, "{name}", n + 1)')
        c.line("")
    with c.block("async def job(tag):"):
        c.line(f"await asyncio.sleep({rng.choice(DELAYS)})")
        c.line('print("job", tag, f"{loop.time():.3f}")')
        c.line("return tag * 2")
    c.line("")
    if rng.random() < 0.4:
        c.line('print("first", loop.run_until_complete(job(1)))')
    for name in rng.sample(names, rng.randint(1, len(names))):
        when = rng.choice(["soon", "later"])
        if when == "soon":
            c.line(f'loop.call_soon({name}, "start")')
        else:
            c.line(f'loop.call_later({rng.choice(DELAYS)}, {name}, "start")')
    if rng.random() < 0.3:
        c.line("loop.call_later(10, loop.stop)")
    c.line("loop.run_forever()")
    c.line('print("stopped", calls["n"], f"{loop.time():.3f}")')
    if rng.random() < 0.5:
        c.line('print("then", loop.run_until_complete(job(2)))')
    if rng.random() < 0.7:
        c.line("loop.close()")
        c.line('print("closed", loop.is_closed())')
    return c.text()


def generate(seed, index, avoid=()):
    # About one program in six is callback-style; the choice has its own generator
    # so that the other programs of a seed stay what they were.
    if random.Random(f"{seed}:{index}:kind").random() < 0.15:
        return callback_program(random.Random(f"{seed}:{index}:callbacks"))
    return Generator(random.Random(f"{seed}:{index}"), avoid).program()

