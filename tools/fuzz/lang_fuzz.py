"""Differential fuzzing of the scenario language's statements and functions against CPython 3.11.

    python3 tools/fuzz/lang_fuzz.py --seed 1 --count 300 --cli PATH [--keep DIR]
    python3 tools/fuzz/lang_fuzz.py --seed 1 --show 17      # print one program

`differential_fuzz.py` stresses asyncio and `expr_fuzz.py` single expressions; this
one writes what students write around their awaits, inside `async def main()` and
plain functions: signatures and calls (right and wrong), closures, `global` and
`nonlocal`, recursion, nested unpacking, random control flow (loops with `else`,
`break` in `finally`, `return` through `finally`, nested `try` with every kind of
`raise`), list and dict mutation, comprehensions, format specs, `%` formatting,
reprs, `isinstance`, and the lookup errors with their messages. Most errors are
caught and printed; a program may end with an uncaught one, raised a few calls
deep, so that the traceback's frames in the scenario (`line N, in name` and the
source line, outermost first, the chained tracebacks too) and its last line
(CPython's "Did you mean" included) are compared, as `tests/differential.rs` does.

Each program comes from (seed, index) alone: `seed=1 index=17` is reproduced by
`--seed 1 --show 17`. One line is printed per mismatch, then a summary; the exit
code is 1 on any mismatch. Programs are deterministic and terminate by
construction: loops are bounded, helpers call only helpers defined before them,
recursion is shallow, and nothing prints an address or a set.
"""

import random
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from asyncio_programs import Code  # noqa: E402
from differential_fuzz import command_line, cpython_command, keep, run_pair, simulator_command  # noqa: E402

# ---------------------------------------------------------------------------
# Building blocks

ATOMS = ["0", "1", "-3", "7", "2.5", "-0.0", "1e-3", "None", "True", "'a'", "''", '"it\'s"',
         "'q\"t'", "'x\\ny'", "(1,)", "()", "[]", "{}"]
KEYS = ["'a'", "'b'", "'k'", "1", "-2", "(1, 'x')", "None", "''", '"it\'s"']
EXCEPTIONS = ["ValueError", "KeyError", "IndexError", "RuntimeError", "TypeError", "ZeroDivisionError"]
CATCHES = EXCEPTIONS + ["Exception", "(KeyError, IndexError)", "(ValueError, TypeError)",
                        "LookupError", "ArithmeticError"]
SPECS = ["", ">6", "<5", "^7", "*^9", "+", " ", ",", "06.2f", ".3", ".1e", "x", "%"]

# Methods and builtins called with random arguments: the argument checks and messages.
LIST_METHODS = "append extend insert pop remove index count sort reverse copy clear".split()
DICT_METHODS = "get items keys values pop setdefault update copy clear popitem".split()
STR_METHODS = ("join split strip upper lower startswith endswith replace find count index "
               "title center zfill rjust ljust partition rstrip rsplit isdigit splitlines").split()
BUILTINS = ("len abs min max sum round sorted isinstance repr any all divmod str int float "
            "bool list tuple dict range").split()
ITERATOR_BUILTINS = ["reversed", "enumerate", "zip"]  # shown through list(...)
CALL_ARGS = ["1", "-1", "2", "'x'", "'a,b'", "None", "[1, 2]", "(3,)", "2.5", "{'a': 1}", "len"]
CALL_KEYWORDS = ["key=len", "reverse=True", "default=0", "start=1", "sep='-'", "x=1", "maxsplit=1"]

# Statements that raise, over an int `v`; `{t}` is a fresh local name. Typos name a
# local, a global or a method, so that CPython's "Did you mean" shows when uncaught.
FAILURES = [
    "return {{'key': v}}['kee']", "return [v, v][v + 3]", "{t} = v\n    return {t}x + 1",
    "return LIMIT_ + v", "return limit * v", "{t} = [v]\n    {t}.apend(1)",
    "{t} = {{'a': v}}\n    return {t}.iterms()", "return 'abc'.uper()", "return 10 / (v - v)",
    "return v % 0", "global_total = v\n    return global_total",
    "print(global_total)\n    global_total = v", "assert v < 0, f'v is {{v}}'", "assert v < 0",
    "raise ValueError(f'bad {{v}}') from KeyError(v)",
    "try:\n        {{}}[v]\n    except KeyError as {t}:\n        raise RuntimeError('wrapped') from None",
    "try:\n        {{}}[v]\n    except KeyError:\n        raise ValueError('during')",
    "try:\n        1 // (v - v)\n    except ZeroDivisionError:\n        print('re-raising')\n        raise",
    "try:\n        raise KeyError(v)\n    finally:\n        raise IndexError(v)",
    "return int('x' + str(v))", "return len(v)", "return v()", "return [w * 2 for w in [v, None]]",
    "return sum(1 / (w - v) for w in [v])", "return (lambda w: w[0])(v)", "return sorted([v, 's'])",
    "return '%d' % 'x'", "p, q = v\n    return p", "p, q = [v] * 3\n    return p",
    "return {{'a': v}}[(1, 'x')]", "return max([])", "return None + v", "return v.real.imag.bit",
    "return tuple([v])[1]", "return 'ab'[v * 5]", "return int(None)",
]


# Mismatches already found, which `--avoid NAME` keeps out of the programs so that
# the next run can find others.
KNOWN_MISMATCHES = {
    # No longer needed (seeds 7, 446-455: 0 differences); kept to compare with it.
    "argument-order": "a builtin given two wrong arguments complains of another one than CPython",
}


def literal_list(rng, size):
    return "[" + ", ".join(str(rng.randint(-3, 9)) for _ in range(size)) + "]"


class Generator:
    """One random program from one random.Random."""

    def __init__(self, rng, avoid=()):
        self.rng = rng
        self.avoid = set(avoid)
        self.top = Code()
        self.main = Code()
        self.fresh = 0
        self.flows = []

    def pick(self, items):
        return self.rng.choice(items)

    def chance(self, p):
        return self.rng.random() < p

    def name(self, stem):
        self.fresh += 1
        return f"{stem}{self.fresh}"

    def label(self):
        self.fresh += 1
        return f"L{self.fresh}"

    @contextmanager
    def guarded(self, code=None):
        """`try:` around the body; the error is printed with its chain."""
        code = code or self.main
        label = self.label()
        with code.block("try:"):
            yield label
        with code.block("except Exception as e:"):
            code.line(f'print("{label}", "!", type(e).__name__ + ":", e, repr(e.__cause__), repr(e.__context__))')

    def lines(self, code, text, **names):
        for line in (text.format(**names) if names else text).split("\n"):
            code.line(line)

    def value(self, depth=2):
        """A random literal, maybe a nested container."""
        r = self.rng.random()
        if depth <= 0 or r < 0.5:
            return self.pick(ATOMS)
        items = [self.value(depth - 1) for _ in range(self.rng.randint(0, 3))]
        if r < 0.7:
            return "[" + ", ".join(items) + "]"
        if r < 0.85:
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        keys = self.rng.sample(KEYS, len(items))
        return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items)) + "}"

    # -- the program

    def program(self):
        self.top.line("import asyncio")
        self.top.line("")
        self.top.line("LIMIT = 3")
        self.top.line("global_total = 0")
        self.top.line("")
        features = [self.signatures, self.method_calls, self.closures, self.recursion,
                    self.unpacking, self.flow, self.flow, self.flow, self.mutation,
                    self.comprehensions, self.formatting, self.lookups]
        with self.main.block("async def main():"):
            for _ in range(self.rng.randint(3, 6)):
                self.pick(features)()
                if self.chance(0.3):
                    self.main.line("await asyncio.sleep(0)")
            if self.chance(0.35):
                self.escape()
            self.main.line('print("done")')
        self.main.line("")
        self.main.line("")
        self.main.line("asyncio.run(main())")
        return self.top.text() + "\n\n" + self.main.text()

    # -- functions: signatures and calls, right and wrong

    def signatures(self):
        c = self.pick([self.top, self.main])  # nested functions have qualified names
        params, names = [], []
        for k in range(self.rng.randint(0, 3)):
            names.append("abc"[k])
            default = params and "=" in params[-1] or self.chance(0.4)
            params.append(f"{'abc'[k]}={self.pick(ATOMS[:6])}" if default else "abc"[k])
        if self.chance(0.4):
            params.append("*rest")
            names.append("rest")
        if self.chance(0.4):
            if "*rest" not in params:
                params.append("*")
            for kw in self.rng.sample(["d", "e"], self.rng.randint(1, 2)):
                params.append(kw + (f"={self.rng.randint(0, 9)}" if self.chance(0.5) else ""))
                names.append(kw)
        if self.chance(0.3):
            params.append("**kw")
            names.append("kw")
        body = "(" + ", ".join(names) + ("," if len(names) == 1 else "") + ")"
        if self.chance(0.3):
            fn = self.name("lam")
            c.line(f"{fn} = lambda {', '.join(params)}: {body}")
        else:
            fn = self.name("sig")
            with c.block(f"def {fn}({', '.join(params)}):"):
                c.line(f"return {body}")
        for _ in range(self.rng.randint(2, 5)):
            with self.guarded() as label:
                self.main.line(f'print("{label}", {fn}({self.arguments(names)}))')

    def arguments(self, names):
        args = [self.pick(ATOMS[:9]) for _ in range(self.rng.randint(0, 4))]
        if self.chance(0.25):
            args.append("*" + literal_list(self.rng, self.rng.randint(0, 3)))
        pool = [n for n in names if n not in ("rest", "kw")] + ["z", "aa", "d", "b"]
        for kw in self.rng.sample(sorted(set(pool)), self.rng.randint(0, 2)):
            args.append(f"{kw}={self.rng.randint(0, 9)}")
        return ", ".join(args)

    def method_calls(self):
        c = self.main
        c.line(f"xs = {literal_list(self.rng, 4)}")
        c.line("d = {'a': 1, 'b': [2]}")
        c.line("s = 'a,b c'")
        for _ in range(self.rng.randint(3, 7)):
            counts = [0, 1] if "argument-order" in self.avoid else [0, 1, 1, 2, 2, 3]
            args = [self.pick(CALL_ARGS) for _ in range(self.pick(counts))]
            if self.chance(0.25):
                args.append(self.pick(CALL_KEYWORDS))
            args = ", ".join(args)
            r = self.rng.random()
            if r < 0.2:
                call = f"xs.{self.pick(LIST_METHODS)}({args})"
            elif r < 0.4:
                call = f"d.{self.pick(DICT_METHODS)}({args})"
            elif r < 0.6:
                call = f"s.{self.pick(STR_METHODS)}({args})"
            elif r < 0.9:
                call = f"{self.pick(BUILTINS)}({args})"
            else:
                call = f"list({self.pick(ITERATOR_BUILTINS)}({args}))"
            with self.guarded() as label:
                c.line(f'print("{label}", repr({call}))')
        if self.chance(0.5):
            with self.guarded() as label:
                c.line(f'print("{label}", 1, {self.pick(["sepp=0", "end=1", "sep=None", "flush=True"])})')
        c.line("print(xs, d, s)")

    # -- closures, global, nonlocal, late binding, unbound names

    def closures(self):
        c = self.main
        kind = self.pick(["counter", "late", "global", "unbound", "free", "deleted", "nested"])
        k = self.rng.randint(1, 5)
        if kind == "counter":
            fn = self.name("make")
            self.lines(c, "def {fn}(start={k}):\n    count = start\n    def step(by=1):\n"
                          "        nonlocal count\n        count += by\n        return count\n"
                          "    return step\nc1, c2 = {fn}(), {fn}(-{k})",
                       fn=fn, k=k)
            calls = ", ".join(self.pick(["c1()", "c2()", f"c1({k})", "c2(by=2)", "c1(1, 2)"])
                              for _ in range(4))
            with self.guarded() as label:
                c.line(f'print("{label}", {calls})')
        elif kind == "late":
            c.line(f"fs = [lambda: i * {k} for i in range({k})]")
            c.line(f"gs = [lambda i=i: i * {k} for i in range({k})]")
            c.line("print([f() for f in fs], [g() for g in gs], [g(10) for g in gs][:1])")
        elif kind == "global":
            fn = self.name("bump")
            with self.top.block(f"def {fn}(by={k}):"):
                self.top.line("global global_total")
                self.top.line("global_total += by")
                self.top.line("return global_total")
            c.line(f"print({fn}(), {fn}(-1), {fn}(by=2), global_total)")
        elif kind in ("unbound", "free", "deleted"):
            fn = self.name("scope")
            text = {
                "unbound": "def {fn}():\n    if {k} > 2:\n        LIMIT = 1\n    return LIMIT",
                "free": "def {fn}():\n    def inner():\n        return late + {k}\n"
                        "    if {k} > 3:\n        late = 1\n    return inner()",
                "deleted": "def {fn}():\n    gone = {k}\n    del gone\n    return gone",
            }[kind]
            self.lines(c, text, fn=fn, k=k)
            with self.guarded() as label:
                c.line(f'print("{label}", {fn}())')
        else:
            self.lines(c, "def outer(x):\n    y = x * 2\n    def middle():\n        z = y + 1\n"
                          "        def inner():\n            nonlocal z\n            z += x\n"
                          "            return (x, y, z)\n        return inner\n    return middle()\n"
                          "f = outer({k})\nprint(f(), f(), outer.__name__, f.__qualname__)", k=k)

    def recursion(self):
        fn = self.name("rec")
        n = self.rng.randint(0, 8)
        text = self.pick([
            "def {fn}(n):\n    return 1 if n <= 1 else n * {fn}(n - 1)",
            "def {fn}(n, memo={{}}):\n    if n < 2:\n        return n\n    if n not in memo:\n"
            "        memo[n] = {fn}(n - 1) + {fn}(n - 2)\n    return memo[n]",
            "def {fn}(x):\n    if isinstance(x, (list, tuple)):\n        return [y for item in x for y in {fn}(item)]\n"
            "    return [x]",
            "def {fn}(n, acc=()):\n    if n == 0:\n        return acc\n    return {fn}(n - 1, acc + (n % 3,))",
            "def {fn}(n):\n    if n < 0:\n        raise ValueError(f'negative: {{n}}')\n"
            "    return 0 if n == 0 else 1 + {fn}(n - 2)",
        ])
        self.lines(self.top, text + "\n", fn=fn)
        arg = self.value() if "isinstance" in text else str(n)
        with self.guarded() as label:
            self.main.line(f'print("{label}", {fn}({arg}))')

    # -- unpacking: nested targets against values that fit or do not

    def target(self, depth):
        """A nested assignment target: its text and its shape (None for a name)."""
        if depth <= 0 or self.chance(0.5):
            return self.name("u"), None
        parts = [self.target(depth - 1) for _ in range(self.rng.randint(1, 3))]
        return "(" + ", ".join(p[0] for p in parts) + ("," if len(parts) == 1 else "") + ")", [p[1] for p in parts]

    def fitting(self, shape):
        """A value for a target shape, sometimes one that does not fit."""
        if shape is None:
            return self.pick(ATOMS[:8])
        if self.chance(0.1):
            return self.pick(["5", "None", "'xy'", "'abc'", "range(2)", "{'p': 1, 'q': 2}"])
        items = [self.fitting(s) for s in shape]
        if self.chance(0.1):
            items = items[:-1] if self.chance(0.5) else items + ["0"]
        return self.pick(["({})", "[{}]"]).format(", ".join(items) + ("," if len(items) == 1 else ""))

    def unpacking(self):
        c = self.main
        parts = [self.target(1) for _ in range(self.rng.randint(1, 3))]
        text = ", ".join(p[0] for p in parts) + ("," if len(parts) == 1 else "")
        value = self.fitting([p[1] for p in parts])
        names = text.replace("(", " ").replace(")", " ").replace(",", " ").split()
        with self.guarded() as label:
            if self.chance(0.4):
                fn = self.name("pair")
                with self.top.block(f"def {fn}():"):
                    self.top.line(f"return {value}")
                value = f"{fn}()"
            if self.chance(0.3):
                with c.block(f"for {text} in [{value}, {value}]:"):
                    c.line(f'print("{label}", {", ".join(names)})')
            else:
                c.line(f"{text} = {value}")
                c.line(f'print("{label}", {", ".join(names)})')
        if len(names) >= 2 and self.chance(0.5):
            with self.guarded() as label:
                c.line(f"{names[0]}, {names[1]} = {names[1]}, {names[0]}")
                c.line(f'print("{label}", {names[0]}, {names[1]})')

    # -- control flow: a random function body over `a`, `b`, `n` and a trail

    def flow(self):
        fn = self.name("flow")
        self.flow_callee = self.flows[:]
        with self.top.block(f"def {fn}(n, trail):"):
            self.top.line("a, b = n, 3")
            self.statements(depth=0, ctx={"loops": 0, "handler": None, "ints": ["a", "b", "n"]},
                            count=self.rng.randint(2, 5))
            self.top.line("return a, b")
        self.top.line("")
        self.flows.append(fn)
        c = self.main
        with c.block(f"for n in {literal_list(self.rng, 3)}:"):
            c.line("t = []")
            with self.guarded() as label:
                c.line(f'print("{label}", n, {fn}(n, t))')
            c.line("print(t)")

    def int_expr(self, ctx):
        x, y = self.pick(ctx["ints"]), self.pick(ctx["ints"] + [str(self.rng.randint(1, 9))])
        return self.pick([x, f"{x} + {y}", f"{x} - {y}", f"{x} * 2 - {y}", f"{x} % 7",
                          f"({x} + 1) // 2", f"{x} // ({y} - {y})" if self.chance(0.05) else x])

    def condition(self, ctx):
        x, y = self.int_expr(ctx), self.pick(ctx["ints"])
        return self.pick([f"{x} > {y}", f"{x} % 3 == {self.rng.randint(0, 2)}", f"{y} in [1, 2, 5]",
                          f"not {x}", f"{x} and {y} < 4", f"{x} == {y} or {y} > 6", f"{x} != 4"])

    def statements(self, depth, ctx, count):
        for _ in range(count):
            self.statement(depth, ctx)

    def statement(self, depth, ctx):
        c = self.top
        kinds = ["log", "log", "assign", "assign", "risky", "assert", "raise"]
        if depth < 3:
            kinds += ["if", "for", "while", "try", "try"]
        if ctx["loops"]:
            kinds += ["break", "continue"]
        if self.flow_callee and not ctx["loops"]:
            kinds += ["call"]
        if depth > 0:
            kinds += ["return"]
        kind = self.pick(kinds)
        inner = lambda **changes: dict(ctx, **changes)
        sub = lambda new_ctx: self.statements(depth + 1, new_ctx, self.rng.randint(1, 2))
        if kind == "log":
            c.line(f"trail.append({self.pick([self.int_expr(ctx), repr(self.name('s'))])})")
        elif kind == "assign":
            target = self.pick(["a", "b"])
            c.line(self.pick([f"{target} = ({self.int_expr(ctx)}) % 100",
                              f"{target} += {self.pick(ctx['ints'])} % 5", f"{target} -= 1"]))
        elif kind == "risky":
            c.line(self.pick(["trail.append(10 // (a - b))", "trail.append([1, 2, 3][a])",
                              "trail.append({'3': 0}[str(a)])", "trail.append(int(str(a) + 'x'))"]))
        elif kind == "assert":
            message = self.pick(["", ", 'assertion'", ", f'a={a} b={b}'", ", (a, b)"])
            c.line(f"assert {self.condition(ctx)}{message}")
        elif kind == "raise":
            self.raise_statement(ctx)
        elif kind == "if":
            with c.block(f"if {self.condition(ctx)}:"):
                sub(ctx)
            for _ in range(self.rng.randint(0, 2)):
                with c.block(f"elif {self.condition(ctx)}:"):
                    sub(ctx)
            if self.chance(0.5):
                with c.block("else:"):
                    sub(ctx)
        elif kind == "for":
            var = f"i{depth}"
            iterable = self.pick([f"range({self.rng.randint(0, 4)})", literal_list(self.rng, 3),
                                  f"[len(ch) for ch in {self.pick(['abc', 'x y'])!r}]",
                                  "[k for k, _ in enumerate('xyz')]", "[p for p, q in zip([4, 5], 'ab')]",
                                  "[v for k, v in {'p': 1, 'q': 2}.items()]", "range(3, 0, -1)"])
            with c.block(f"for {var} in {iterable}:"):
                sub(inner(loops=ctx["loops"] + 1, ints=ctx["ints"] + [var]))
            if self.chance(0.4):
                with c.block("else:"):
                    sub(ctx)
            if self.chance(0.1):
                c.line(f"trail.append({var})")  # unbound when the loop never ran
        elif kind == "while":
            var = f"w{depth}"
            c.line(f"{var} = 0")
            with c.block(f"while {var} < {self.rng.randint(0, 4)}{self.pick(['', ' and a != 7'])}:"):
                c.line(f"{var} += 1")
                sub(inner(loops=ctx["loops"] + 1, ints=ctx["ints"] + [var]))
            if self.chance(0.4):
                with c.block("else:"):
                    sub(ctx)
        elif kind == "try":
            self.try_statement(depth, ctx, sub, inner)
        elif kind == "call":
            c.line(f"a = {self.pick(self.flow_callee)}({self.int_expr(ctx)}, trail)[0] % 100")
        elif kind in ("break", "continue"):
            c.line(f"trail.append('{kind}')")
            c.line(kind)
        elif kind == "return":
            c.line(f"return {self.pick(['a, b', 'trail[-1:]', self.int_expr(ctx), 'None'])}")

    def raise_statement(self, ctx):
        handler = ctx["handler"]
        options = [f"raise {self.pick(EXCEPTIONS)}({self.int_expr(ctx)})", f"raise {self.pick(EXCEPTIONS)}",
                   f"raise KeyError('k{self.rng.randint(0, 9)}')"]
        if handler:
            options += ["raise", "raise", f"raise RuntimeError('from') from {handler}",
                        "raise ValueError('hidden') from None", f"raise {handler}"]
        elif self.chance(0.1):
            options.append("raise")  # no active exception: RuntimeError
        self.top.line(self.pick(options))

    def try_statement(self, depth, ctx, sub, inner):
        c = self.top
        handlers = self.rng.choice([0, 1, 1, 1, 2])
        catch_all = self.chance(0.3)
        with c.block("try:"):
            sub(ctx)
            if self.chance(0.5):
                self.raise_statement(ctx)
        for k in range(handlers):
            var = f"e{depth}{k}"
            with c.block(f"except {self.pick(CATCHES)} as {var}:"):
                c.line(f"trail.append(type({var}).__name__)")
                sub(inner(handler=var))
        if catch_all:
            with c.block(self.pick(["except:", "except Exception:"])):
                c.line("trail.append('any')")
                sub(inner(handler=None))
        if (handlers or catch_all) and self.chance(0.3):
            with c.block("else:"):
                sub(ctx)
        if not (handlers or catch_all) or self.chance(0.5):
            with c.block("finally:"):
                c.line("trail.append('finally')")
                if self.chance(0.3):
                    c.line(self.pick(["return a", "return 'from finally'"] + ["break"] * bool(ctx["loops"])))
                else:
                    sub(ctx)

    # -- data: mutation, slices, del, augmented assignment on items

    def mutation(self):
        c = self.main
        c.line(f"xs = {literal_list(self.rng, self.rng.randint(2, 6))}")
        c.line("d = {'a': 1, 'b': 2, 'c': 3}")
        ops = [
            "xs[{i}] = {v}", "xs[{i}] += {v}", "xs[{i}:{j}] = {lst}", "xs[{i}::{k}] = {lst}",
            "del xs[{i}]", "del xs[{i}:{j}]", "del xs[::{k}]", "xs += {lst}", "xs[{i}:{j}] += {lst}",
            "xs.insert({i}, {v})", "print(xs.pop({i}))", "xs.remove({v})",
            "xs.sort(key=lambda x: (x % 3, -x), reverse={b})", "print(sorted(xs, key=abs, reverse={b}))",
            "xs.sort(key=lambda x: str(x))", "xs.append('s')", "xs.sort()",
            "d[{key}] = {v}", "d[{key}] += {v}", "del d[{key}]", "print(d.get({key}, {v}), d.get({key}))",
            "d.setdefault({key}, []).append({v})", "print(d.pop({key}))", "print(d.pop({key}, None))",
            "d.update({{{key}: {v}}})", "d.update(x={v})", "d.update([({key}, {v})])",
            "for key in d:\n    d[key] = {v}", "for key in d:\n    d[str(key) + 'x'] = 0",
            "for key in d:\n    del d[key]", "for key in list(d):\n    del d[key]",
            "for key in d.keys():\n    d.pop(key)\n    d['new'] = 1",
            "for x in xs:\n    if x % 2 == 0:\n        xs.remove(x)", "for x in xs[:]:\n    xs.append(x)",
            "for k, v in d.items():\n    d[k] = v * 2", "t = (1, 2)\nt[0] = {v}", "t = (1, 2)\ndel t[0]",
            "s = 'abc'\ns[0] = 'x'", "xs[1.5] = 0", "xs['a']", "print(xs[{i}:{j}:{k}], xs[::-{k}])",
        ]
        for _ in range(self.rng.randint(3, 8)):
            op = self.pick(ops).format(
                i=self.rng.randint(-5, 5), j=self.pick(["", "-1", "2", "9"]), k=self.pick(["1", "2", "-1", "3"]),
                v=self.rng.randint(-2, 9), lst=literal_list(self.rng, self.rng.randint(0, 3)),
                b=self.pick(["True", "False"]), key=self.pick(KEYS[:5]))
            with self.guarded():
                self.lines(c, op)
            c.line("print(xs, d)")

    # -- comprehensions and generator expressions, consumed by builtins

    def comprehensions(self):
        c = self.main
        c.line("words = ['pear', 'fig', 'apple', '']")
        c.line(f"nums = {literal_list(self.rng, self.rng.randint(0, 5))}")
        sources = [("x", "nums"), ("x", f"range({self.rng.randint(0, 5)})"), ("x", "words"),
                   ("x", "'abc'"), ("(k, x)", "enumerate(nums)"), ("(k, x)", "zip(words, nums)")]
        for _ in range(self.rng.randint(2, 5)):
            target, source = self.pick(sources)
            uses_str = source in ("words", "'abc'")
            item = self.pick(["len(x)", "x.upper()", "x * 2", "x[:2]"] if uses_str
                             else ["x", "x * x", "-x", "x % 3", "10 // x", "str(x)"])
            cond = self.pick(["", " if x", " if len(x) > 2" if uses_str else " if x % 2", " if not x"])
            if self.chance(0.2):
                cond += self.pick([" for y in range(2)", " for y in 'ab' if y"])
            loop = f"for {target.strip('()')} in {source}{cond}"
            shape = self.pick(["[{i} {l}]", "{{{i}: x {l}}}", "[[{i}, y] {l} for y in (1, 2)]",
                               "sum({i} {l})", "any({i} {l})", "all({i} {l})", "min(({i} {l}), default=-1)",
                               "max({i} {l})", "list({i} {l})", "sorted(({i} {l}), reverse=True)",
                               "','.join(str({i}) {l})", "tuple({i} {l})", "min({i} {l})"])
            with self.guarded() as label:
                c.line(f'print("{label}", {shape.format(i=item, l=loop)})')
        if self.chance(0.3):
            c.line("x = 'outer'")
            c.line("print([x for x in range(2)], x)")

    # -- formatting: nested format specs, %, str/repr of containers, isinstance

    def formatting(self):
        c = self.main
        for _ in range(self.rng.randint(2, 5)):
            r = self.rng.random()
            if r < 0.3:
                v = self.pick(["3.14159", "-2.5", "1234.5", "0.0", "7", "-42", "1e10"])
                spec = self.pick(["{w}.{p}f", "{f}{a}{w}", "{w}", "+{w}.{p}e", "0{w}.{p}f", "{a}{w},.{p}f",
                                  "{w}.{p}%", "{w}d", "{f}{a}{w}.{p}g", "{a}{w}.{p}"])
                c.line(f"w, p, f, a = {self.rng.randint(0, 12)}, {self.rng.randint(0, 4)}, "
                       f"{self.pick(['*', '0', '-', ' '])!r}, {self.pick(['<', '>', '^', '='])!r}")
                expr = 'f"[{' + v + ":" + spec + '}]"'
            elif r < 0.55:
                conversions = [self.pick(["%5.2f", "%-4d", "%s", "%r", "%x", "%o", "%e", "%%", "%03d",
                                          "%+.1f", "%5s", "%-6r", "%c"]) for _ in range(self.rng.randint(1, 3))]
                values = [self.pick(["3.14159", "42", "'txt'", "None", "-7", "[1]", "True"])
                          for _ in range(self.rng.randint(0, 3))]
                operand = values[0] if len(values) == 1 and self.chance(0.5) else f"({', '.join(values)}{',' if len(values) == 1 else ''})"
                expr = f"'<{'|'.join(conversions)}>' % {operand}"
            elif r < 0.8:
                value = self.value(3)
                shapes = ["str({v})", "repr({v})"]
                if '"' not in value and "\\" not in value:  # Python 3.11's f-strings allow neither
                    shapes += ['f"{{ {v}!r}}"', 'f"{{ {v} }}"', 'f"{{ {v}!s:>20}}"', 'f"{{ {v}:{s}}}"']
                expr = self.pick(shapes).format(v=value, s=self.pick(SPECS))
            else:
                types = self.pick(["int", "bool", "float", "str", "(int, str)", "(list, (tuple, dict))",
                                   "Exception", "(ValueError, KeyError)", "LookupError", "type(None)", "5", "(int, 5)"])
                value = self.pick(ATOMS + ["ValueError('x')", "KeyError", "IndexError()", "len"])
                expr = f"isinstance({value}, {types})"
            with self.guarded() as label:
                c.line(f'print("{label}", {expr})')

    # -- lookup errors and their messages

    def lookups(self):
        c = self.main
        c.line(f"xs, d, s = {literal_list(self.rng, 3)}, {{'a': 1, (1, 'x'): 2}}, 'abc'")
        exprs = ["d[{key}]", "xs[{i}]", "s[{i}]", "(1, 2)[{i}]", "xs.pop({i})", "[].pop()", "xs[{key}]",
                 "s[{key}]", "xs.apend", "d.haskey({key})", "s.uper()", "None.x", "xs.index(99)",
                 "d.pop({key})", "{{}}.popitem()", "(len).name", "5 .x", "unknown_name", "s.find(1)",
                 "xs.remove(99)", "int('4' + s)", "float(s)", "range({i})[7]", "'x'.join(xs)"]
        for _ in range(self.rng.randint(3, 7)):
            expr = self.pick(exprs).format(key=self.pick(KEYS + ["1.5", "[1]"]), i=self.rng.randint(-5, 5))
            if self.chance(0.5):
                with self.guarded() as label:
                    c.line(f'print("{label}", {expr})')
            else:
                label = self.label()
                with c.block("try:"):
                    c.line(f'print("{label}", {expr})')
                with c.block(f"except {self.pick(['LookupError', 'KeyError', 'AttributeError', 'Exception'])} as e:"):
                    c.line(f'print("{label}", repr(e), str(e), e.args)')
                with c.block("except Exception as e:"):
                    c.line(f'print("{label}", "other", type(e).__name__)')

    # -- an uncaught exception a few calls deep, maybe chained on the way up

    def escape(self):
        failure = self.pick(FAILURES).format(t=self.name("local"))
        sink = self.name("sink")
        with self.top.block(f"def {sink}(v):"):
            self.lines(self.top, failure.replace("\n    ", "\n"))
        self.top.line("")
        callee, callee_async = sink, False
        for _ in range(self.rng.randint(0, 2)):
            name = self.name("stage")
            call = f"{'await ' if callee_async else ''}{callee}(v + 1)"
            is_async = callee_async or self.chance(0.4)
            t = self.top
            with t.block(f"{'async ' if is_async else ''}def {name}(v):"):
                how = self.pick(["plain", "plain", "wrap", "finally", "lambda"])
                if how == "wrap":
                    with t.block("try:"):
                        t.line(f"return {call}")
                    with t.block(f"except {self.pick(CATCHES)} as exc:"):
                        t.line(self.pick(["raise", "raise RuntimeError('stage failed') from exc",
                                          "raise RuntimeError('stage failed')", "print('handled', exc)"]))
                elif how == "finally":
                    with t.block("try:"):
                        t.line(f"return {call}")
                    with t.block("finally:"):
                        t.line("print('stage cleanup')")
                elif how == "lambda" and not callee_async:
                    t.line(f"return (lambda w: {callee}(w))(v + 1)")
                else:
                    t.line(f"result = {call}")
                    t.line("return result")
            t.line("")
            callee, callee_async = name, is_async
        self.main.line(f"print('escaping', {'await ' if callee_async else ''}{callee}({self.rng.randint(0, 4)}))")


def generate(seed, index, avoid=()):
    return Generator(random.Random(f"lang:{seed}:{index}"), avoid).program()


# ---------------------------------------------------------------------------
# The driver


def observed(result, path):
    """What a run shows: stdout, exit code, and for an uncaught exception its last
    line and the frames of the scenario in the chain of tracebacks."""
    stdout, stderr, code = result
    lines = stderr.splitlines()
    error, frames = None, []
    if code == 1:
        error = next((l for l in reversed(lines) if l.strip() and not l.startswith(" ")), "")
        prefix = f'  File "{path}", '
        for number, line in enumerate(lines):
            if line.startswith(prefix):
                source = lines[number + 1].strip() if number + 1 < len(lines) else ""
                frames.append(f"{line[len(prefix):]}: {source}")
            elif line.startswith(("The above exception", "During handling")):
                frames.append(line)
    return stdout, code, error, frames


def difference(cpython, simulator, path):
    """A short description of how the simulator's run differs, or None."""
    if simulator[2] is None:
        return "simulator hung"
    if simulator[2] == 101:
        return f"simulator panicked: {simulator[1].strip().splitlines()[-1:]}"
    (c_out, c_code, c_error, c_frames), (s_out, s_code, s_error, s_frames) = (
        observed(cpython, path), observed(simulator, path))
    if c_code != s_code:
        return f"exit code {c_code} vs {s_code}: {cpython[1].strip()[-160:]!r} vs {simulator[1].strip()[-160:]!r}"
    if c_out != s_out:
        c_lines, s_lines = c_out.splitlines(), s_out.splitlines()
        for number, (a, b) in enumerate(zip(c_lines, s_lines), 1):
            if a != b:
                return f"stdout line {number}: {a!r} vs {b!r}"
        return f"stdout has {len(c_lines)} lines vs {len(s_lines)}"
    if c_error != s_error:
        return f"error line {c_error!r} vs {s_error!r}"
    if c_frames != s_frames:
        return f"traceback frames {c_frames} vs {s_frames}"
    return None


def fuzz(seed, count, cli, keep_dir, avoid):
    mismatches = cpython_timeouts = 0
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "scenario.py"
        for index in range(count):
            program = generate(seed, index, avoid)
            path.write_text(program)
            cpython, simulator = run_pair([cpython_command(path, False), simulator_command(cli, path, False)])
            if cpython[2] is None:
                cpython_timeouts += 1
                print(f"seed={seed} index={index}: CPython timed out", flush=True)
                continue
            diff = difference(cpython, simulator, path)
            if diff:
                mismatches += 1
                print(f"seed={seed} index={index}: {diff}", flush=True)
                if keep_dir:
                    keep(keep_dir, seed, index, "async", program, cpython, simulator)
    print(f"seed {seed}: {count} programs, {mismatches} mismatches, {cpython_timeouts} CPython timeouts")
    return mismatches


if __name__ == "__main__":
    sys.exit(command_line(sys.argv[1:], __doc__, KNOWN_MISMATCHES, generate, fuzz))
