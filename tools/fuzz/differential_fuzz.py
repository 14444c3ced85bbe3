"""Differential fuzzing of the simulator against CPython 3.11.

    python3 tools/fuzz/differential_fuzz.py --seed 1 --count 300 --cli PATH [--keep DIR]
    python3 tools/fuzz/differential_fuzz.py --seed 1 --show 17      # print one program

Each program is generated from (seed, index) alone, so a mismatch reported as
`seed=1 index=17` is reproduced by `--seed 1 --show 17`. A program is run by CPython
(`python3 FILE.py` with python/ on PYTHONPATH, as tests/cpython_reference.py does)
and by `awaitscope run`, as written and as its blocking baseline; stdout, the exit
code and, for an uncaught exception (exit 1), the last line of stderr must be equal.
One line is printed per mismatch, then a summary; the exit code is 1 on any mismatch.
The programs are `asyncio_programs.py`'s.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from asyncio_programs import KNOWN_MISMATCHES, generate

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from cpython_reference import scenario_env  # noqa: E402

TIMEOUT_SECONDS = 20
MODES = ("async", "blocking")


def cpython_command(path, blocking):
    """As the differential test runs a scenario (tests/cpython_reference.py)."""
    return [sys.executable, str(path)], scenario_env(blocking)


def simulator_command(cli, path, blocking):
    return [cli, "run"] + (["--blocking"] if blocking else []) + [str(path)], None


def run_pair(commands):
    """Run the two commands side by side; each gives (stdout, stderr, exit code or None)."""
    processes = [
        subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for argv, env in commands
    ]
    results = []
    for process in processes:
        try:
            out, err = process.communicate(timeout=TIMEOUT_SECONDS)
            results.append((out, err, process.returncode))
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            results.append((out, err, None))
    return results


def last_line(text):
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


LOGGED_HEADLINES = (
    "Task exception was never retrieved",
    "Future exception was never retrieved",
    "_GatheringFuture exception was never retrieved",
    "Exception in callback",
    "Exception ignored in",
)
CHAIN_LINES = (
    "The above exception was the direct cause of the following exception:",
    "During handling of the above exception, another exception occurred:",
)


def error_summary(stderr):
    """The last line of the uncaught exception's traceback.

    asyncio's exception handler (and Python, as it exits) may log failed tasks, each with a traceback of its
    own, before or after it (CPython logs one when it frees the task): those are
    skipped. A report is a chain of exceptions, each an optional traceback and a
    summary line, joined by CHAIN_LINES; a cause never raised has no traceback.
    """
    summary = None
    logged = False
    report_ended = True
    for line in stderr.splitlines():
        if not line.strip() or line.startswith((" ", "future:", "handle:", "task:")):
            continue
        if line in CHAIN_LINES:
            report_ended = False
        elif line.startswith(LOGGED_HEADLINES):
            logged, report_ended = True, False
        elif line.startswith("Task was destroyed") or ": RuntimeWarning: " in line:
            report_ended = True
        else:
            if report_ended:
                logged, report_ended = False, False
            if line != "Traceback (most recent call last):":
                if not logged:
                    summary = line
                report_ended = True
    return summary if summary is not None else last_line(stderr)


def finally_at_exit(c_out, s_out):
    """Whether CPython printed just what the simulator printed, then more lines after
    the program's last one (`pending after ...`): `finally:` blocks of tasks freed as
    Python exited."""
    last = s_out.rstrip("\n").rsplit("\n", 1)[-1]
    return last.startswith("pending after") and len(c_out) > len(s_out) and c_out.startswith(s_out)


def difference(cpython, simulator, avoid=()):
    """A short description of how the simulator's run differs, or None."""
    (c_out, c_err, c_code), (s_out, s_err, s_code) = cpython, simulator
    if "pending-at-exit" in avoid and "Task was destroyed but it is pending!" in c_err:
        # Another task than the background was left pending: the known difference.
        return None
    if "pending-at-exit" in avoid and finally_at_exit(c_out, s_out) and c_code == s_code:
        # A child of a gather that failed was left pending (gather's children are
        # destroyed without the message): its `finally:` printed as Python exited.
        return None
    if s_code is None:
        return "simulator hung"
    if s_code == 101:
        return f"simulator panicked: {last_line(s_err)!r}"
    if c_code != s_code:
        return f"exit code {c_code} vs {s_code}: {last_line(c_err)!r} vs {last_line(s_err)!r}"
    if c_out != s_out:
        c_lines, s_lines = c_out.splitlines(), s_out.splitlines()
        for number, (c_line, s_line) in enumerate(zip(c_lines, s_lines), 1):
            if c_line != s_line:
                return f"stdout line {number}: {c_line!r} vs {s_line!r}"
        return f"stdout has {len(c_lines)} lines vs {len(s_lines)}"
    if c_code == 1 and error_summary(c_err) != error_summary(s_err):
        return f"error line {error_summary(c_err)!r} vs {error_summary(s_err)!r}"
    return None


def keep(directory, seed, index, mode, program, cpython, simulator):
    stem = Path(directory) / f"seed{seed}_{index}_{mode}"
    stem.with_suffix(".py").write_text(program)
    for label, (out, err, code) in (("cpython", cpython), ("sim", simulator)):
        Path(f"{stem}.{label}.txt").write_text(f"exit {code}\n--- stdout\n{out}--- stderr\n{err}")


def fuzz(seed, count, cli, keep_dir, avoid):
    mismatches = 0
    cpython_failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "scenario.py"
        for index in range(count):
            program = generate(seed, index, avoid)
            path.write_text(program)
            for mode in MODES:
                blocking = mode == "blocking"
                cpython, simulator = run_pair(
                    [cpython_command(path, blocking), simulator_command(cli, path, blocking)]
                )
                if cpython[2] is None:
                    cpython_failures += 1
                    print(f"seed={seed} index={index} mode={mode}: CPython timed out", flush=True)
                    continue
                diff = difference(cpython, simulator, avoid)
                if diff:
                    mismatches += 1
                    print(f"seed={seed} index={index} mode={mode}: {diff}", flush=True)
                    if keep_dir:
                        keep(keep_dir, seed, index, mode, program, cpython, simulator)
    runs = count * len(MODES)
    print(f"seed {seed}: {count} programs, {runs} runs, {mismatches} mismatches, {cpython_failures} CPython timeouts")
    return mismatches


def command_line(argv, doc, known, generate, fuzz):
    """The command line the fuzzers share: `--show` prints a program, else `fuzz`
    runs `--count` of them against `--cli`; exit status 1 on any mismatch."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--cli", help="the awaitscope binary")
    parser.add_argument("--keep", metavar="DIR", help="write each mismatching program and both outputs here")
    parser.add_argument("--show", type=int, metavar="INDEX", help="print program INDEX of the seed and stop")
    parser.add_argument(
        "--avoid",
        action="append",
        default=[],
        choices=sorted(known),
        help="leave out what triggers a known mismatch (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.show is not None:
        sys.stdout.write(generate(args.seed, args.show, args.avoid))
        return 0
    if not args.cli:
        parser.error("--cli is required to run programs")
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    return 1 if fuzz(args.seed, args.count, args.cli, args.keep, args.avoid) else 0


if __name__ == "__main__":
    sys.exit(command_line(sys.argv[1:], __doc__, KNOWN_MISMATCHES, generate, fuzz))
