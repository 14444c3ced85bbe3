"""Differential fuzzing of the Python values a scenario prints, against CPython.

    python3 tools/fuzz/expr_fuzz.py --cli target/release/awaitscope [--seed 1] [--count 40]

Writes `--count` programs of random expressions (numbers, strings, lists, tuples,
dicts; operators, builtins, methods, subscripts, f-string format specs), each
expression printed with `repr` inside `try`, or the exception's type and message.
Every program runs in CPython and in `awaitscope run`; each line that differs is
printed with its expression. Exit status 1 when any did.

The expressions stay inside the simulator's subset (no sets, no classes) and away
from what is not deterministic in CPython (`id`, `hash` of strings); where the
simulator refuses something by design (integers past 64 bits, complex numbers)
with its message, the line is not compared.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

# No large counts: `'ab' * 2**31` would print gigabytes.
INTS = ["0", "1", "-1", "2", "3", "-7", "10", "255", "-128", "4096", "-(2**40)", "True", "False"]
FLOATS = ["0.1", "0.2", "-2.5", "1.5", "2.675", "1e16", "1e-7", "123456.789", "-0.0", "3.0",
          "0.125", "1/3", "2**0.5", "1e300", "7.0e-5", "float('inf')", "-float('inf')"]
STRS = ["''", "'a'", "'abc'", "'Hello, World'", "' pad '", "'a,b,,c'", "'x y  z'", "'10'", "'-3'",
        "'3.5'", "'ab' * 3", "'\\n'", "'it\\'s'", "'\"q\"'", "'UPPER lower'"]
INT_TEXTS = ["'ff'", "'0x1F'", "'101'", "'-0b11'", "' 7 '", "'1_000'"]
BINOPS = ["+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", "<=", ">", ">=", "and", "or",
          "in", "not in", "is"]
SPECS = ["", ".3f", ".0f", ">8", "<6", "^9", "05.1f", "d", ",", "e", ".2e", "%", ".1%", "+.2f",
         "g", ".3g", "x", "b", "08.3f", "*^12", "=+8", ".2", "10.4", "_", "n", "c", "s", ">10.2f"]
METHODS_STR = ["upper()", "lower()", "strip()", "split()", "split(',')", "startswith('a')",
               "endswith('c')", "replace('a', 'A')", "join(['x', 'y'])", "find('b')",
               "count('a')", "isdigit()", "title()", "center(9, '*')", "zfill(5)",
               "rjust(6)", "ljust(6, '.')", "partition(',')", "lstrip(' p')", "index('b')",
               "capitalize()", "swapcase()", "splitlines()", "rsplit(',', 1)", "format(1)"]
METHODS_LIST = ["index(2)", "count(1)", "copy()", "pop()", "pop(0)"]


# What the simulator refuses by design, with a message (spec, section 5): integers
# past 64 bits, complex numbers, a str, list or tuple past its size cap.
BY_DESIGN = (
    "OverflowError: integer overflow: awaitscope integers are limited to 64 bits",
    "ValueError: complex numbers are not supported by awaitscope",
    "OverflowError: result too large: awaitscope limits a str, list or tuple",
)
# Object addresses differ from run to run in CPython itself.
ADDRESS = re.compile(r"0x[0-9a-f]+")


class Gen:
    def __init__(self, rng):
        self.rng = rng

    def atom(self):
        r = self.rng.random()
        if r < 0.3:
            return self.rng.choice(INTS)
        if r < 0.55:
            return self.rng.choice(FLOATS)
        if r < 0.75:
            return self.rng.choice(STRS)
        if r < 0.85:
            return "[" + ", ".join(self.expr(1) for _ in range(self.rng.randint(0, 3))) + "]"
        if r < 0.92:
            items = [self.expr(1) for _ in range(self.rng.randint(0, 3))]
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        if r < 0.97:
            keys = self.rng.sample(["'a'", "'b'", "1", "2.5", "None", "(1, 2)"], self.rng.randint(0, 3))
            return "{" + ", ".join(f"{k}: {self.expr(1)}" for k in keys) + "}"
        return "None"

    def extra(self, sub):
        """Less common forms: chained comparisons, %-formatting, nested format specs,
        keyword arguments of builtins, conversions with bases."""
        k = self.rng.randrange(9)
        if k == 0:
            ops = [self.rng.choice(["<", "<=", "==", "!=", ">", ">=", "in", "is not"]) for _ in range(2)]
            return f"({sub()} {ops[0]} {sub()} {ops[1]} {sub()})"
        if k == 1:
            fmt = self.rng.choice(["'%5.2f'", "'%d items'", "'%s-%r'", "'%x'", "'%-6s|'", "'%05d'",
                                   "'%e'", "'%.3g'", "'%c'", "'%%%s'", "'%(a)s'", "'%i%%'"])
            return f"({fmt} % {sub()})"
        if k == 2:
            spec = self.rng.choice(["{w}", "{w}.{p}f", ">{w}", "^{w}.{p}", "0{w}d", ",.{p}f"])
            inner = sub()
            while '"' in inner or "\\" in inner or "f'" in inner or "{" in inner:
                inner = sub()
            return f'(lambda w, p: f"{{{inner}:{spec}}}")({self.rng.choice(["5", "0", "-1", "12"])}, {self.rng.choice(["2", "0", "1"])})'
        if k == 3:
            f = self.rng.choice(["min", "max"])
            return f"{f}({sub()}, key={self.rng.choice(['len', 'abs', 'str', 'lambda v: -v'])})"
        if k == 4:
            return f"{self.rng.choice(['min', 'max'])}({sub()}, default={sub()})"
        if k == 5:
            return f"sorted({sub()}, key={self.rng.choice(['str', 'len', 'lambda v: (v, 0)'])}, reverse={self.rng.choice(['True', 'False'])})"
        if k == 6:
            text = self.rng.choice(STRS + INT_TEXTS)
            return f"int({text}, {self.rng.choice(['0', '2', '16', '36', '1'])})"
        if k == 7:
            return f"dict(zip({sub()}, {sub()}))"
        sep = self.rng.choice(["None", "' '", "','"])
        return f"({self.rng.choice(STRS)}).split({sep}, {self.rng.choice(['0', '1', '-1', '2'])})"

    def expr(self, depth):
        if depth <= 0 or self.rng.random() < 0.3:
            return self.atom()
        r = self.rng.random()
        sub = lambda: self.expr(depth - 1)
        if r < 0.35:
            return f"({sub()} {self.rng.choice(BINOPS)} {sub()})"
        if r < 0.42:
            return f"({self.rng.choice(['-', '+', 'not '])}{sub()})"
        if r < 0.62:
            f = self.rng.choice(["len", "abs", "str", "int", "float", "round", "repr", "sorted",
                                 "list", "tuple", "sum", "min", "max", "bool", "any", "all",
                                 "divmod", "pow", "type", "reversed", "enumerate", "zip"])
            if f in ("divmod", "pow", "zip"):
                return f"{f}({sub()}, {sub()})"
            if f == "round" and self.rng.random() < 0.6:
                return f"round({sub()}, {self.rng.choice(['0', '1', '2', '-1', '3'])})"
            if f in ("min", "max") and self.rng.random() < 0.5:
                return f"{f}({sub()}, {sub()})"
            if f in ("reversed", "enumerate"):
                return f"list({f}({sub()}))"
            if f == "type":
                return f"type({sub()}).__name__"
            return f"{f}({sub()})"
        if r < 0.72:
            return f"({self.rng.choice(STRS)}).{self.rng.choice(METHODS_STR)}"
        if r < 0.76:
            return f"[1, 2, 3, 2].{self.rng.choice(METHODS_LIST)}"
        if r < 0.86:
            i = self.rng.choice(["0", "1", "-1", "2", "5", "-4", "1:", ":2", "::-1", "1:3",
                                 "-2:", "::2", "'a'", "1.0", "None"])
            return f"{sub()}[{i}]"
        if r < 0.88:
            return self.extra(sub)
        if r < 0.96:
            # Python 3.11 allows neither the f-string's own quote nor a backslash in
            # its expressions.
            inner = sub()
            while '"' in inner or "\\" in inner or "f'" in inner:
                inner = sub()
            if inner.startswith("{"):
                inner = " " + inner  # not `{{`, an escaped brace
            conv = self.rng.choice(["", "", "", "!r", "!s"])
            return f'f"{{{inner}{conv}:{self.rng.choice(SPECS)}}}"'
        return f"({sub()} if {sub()} else {sub()})"


PROLOGUE = """import asyncio

def show(thunk):
    try:
        print(repr(thunk()))
    except Exception as e:
        print(type(e).__name__ + ':', e)

async def main():
"""

EPILOGUE = "\nasyncio.run(main())\n"


def program(rng, n):
    gen = Gen(rng)
    exprs = [gen.expr(rng.randint(1, 3)) for _ in range(n)]
    body = "".join(f"    show(lambda: {e})\n" for e in exprs)
    return exprs, PROLOGUE + body + EPILOGUE


def run(cmd, env=None):
    """(exit code, stdout, stderr), or None when it ran past the time allowed: CPython
    computes `4096 ** 2**40` for ever (the simulator refuses it as past 64 bits)."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, env=env)
    except subprocess.TimeoutExpired:
        return None
    return done.returncode, done.stdout, done.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--per-program", type=int, default=60)
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=os.path.join(root, "python"))
    mismatches = 0
    refused = 0
    timeouts = 0
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.count):
            rng = random.Random(args.seed * 100003 + k)
            exprs, text = program(rng, args.per_program)
            path = os.path.join(tmp, f"p{k}.py")
            with open(path, "w") as f:
                f.write(text)
            py = run([sys.executable, path], env)
            if py is None:
                timeouts += 1
                print(f"CPython timed out on program {k}: skipped")
                continue
            sim = run([args.cli, "run", path])
            if sim is None:
                mismatches += 1
                print(f"program {k}: the simulator timed out")
                continue
            total += len(exprs)
            if sim[0] == 2:
                # A refusal names what the subset lacks; not a mismatch, but counted.
                refused += 1
                print(f"refused program {k}: {sim[2].strip()[:200]}")
                continue
            if sim[0] == 101 or "panicked" in sim[2]:
                print(f"PANIC program {k}:\n{sim[2][:2000]}")
                mismatches += 1
                continue
            a, b = py[1].splitlines(), sim[1].splitlines()
            for i, e in enumerate(exprs):
                x = a[i] if i < len(a) else "<missing>"
                y = b[i] if i < len(b) else "<missing>"
                if y.startswith(BY_DESIGN):
                    continue
                if ADDRESS.sub("0x", x) != ADDRESS.sub("0x", y):
                    mismatches += 1
                    print(f"seed {args.seed} program {k} #{i}: {e}\n  cpython:   {x}\n  simulator: {y}")
            if py[0] != sim[0]:
                mismatches += 1
                print(f"program {k}: exit {py[0]} vs {sim[0]}: {py[2][-300:]!r} / {sim[2][-300:]!r}")
    print(
        f"{total} expressions in {args.count} programs: {mismatches} mismatches, "
        f"{refused} programs refused, {timeouts} CPython timeouts"
    )
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
