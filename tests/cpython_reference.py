"""Run a scenario in CPython with the awaitscope helper: the reference output.

    python3 tests/cpython_reference.py [--blocking] FILE.py
        prints {"stdout": ..., "stderr": ..., "exit_code": ...} as JSON
        (exit_code is null when the run passed the timeout).
    python3 tests/cpython_reference.py --all
        runs every tests/scenarios/*.py in both modes and prints one summary line each,
        for a human to eyeball; it writes nothing.

The scenario runs as `python3 FILE.py` with python/ on PYTHONPATH, with
AWAITSCOPE_MODE=blocking for the blocking baseline (and unset otherwise).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELPER_DIR = ROOT / "python"
SCENARIO_DIR = ROOT / "tests" / "scenarios"
TIMEOUT_SECONDS = 10


def scenario_env(blocking=False):
    """The environment a scenario runs in: python/ on the path, the mode switch set or
    not, and nothing that would make CPython print more than a plain run does."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HELPER_DIR)
    env.pop("AWAITSCOPE_MODE", None)
    if blocking:
        env["AWAITSCOPE_MODE"] = "blocking"
    for name in ("PYTHONASYNCIODEBUG", "PYTHONDEVMODE", "PYTHONWARNINGS", "PYTHONTRACEMALLOC"):
        env.pop(name, None)
    return env


def run_scenario(path, blocking=False):
    """Run one scenario; return its stdout, stderr and exit code (None on timeout)."""
    try:
        done = subprocess.run(
            [sys.executable, str(path)],
            env=scenario_env(blocking),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired as timeout:
        return {
            "stdout": _text(timeout.stdout),
            "stderr": _text(timeout.stderr) + f"\ntimed out after {TIMEOUT_SECONDS} s\n",
            "exit_code": None,
        }
    return {"stdout": done.stdout, "stderr": done.stderr, "exit_code": done.returncode}


def _text(output):
    if output is None:
        return ""
    return output if isinstance(output, str) else output.decode("utf-8", "replace")


def summarize_all():
    """One line per scenario: exit codes and output sizes in both modes."""
    problems = 0
    for path in sorted(SCENARIO_DIR.glob("*.py")):
        cells = []
        for blocking in (False, True):
            result = run_scenario(path, blocking)
            if result["exit_code"] is None:
                problems += 1
            out_lines = result["stdout"].count("\n")
            last_err = result["stderr"].strip().splitlines()[-1:] or [""]
            cells.append(f"exit={result['exit_code']} out={out_lines:>3} lines  {last_err[0][:60]}")
        print(f"{path.stem:<40} async: {cells[0]}\n{'':<40} block: {cells[1]}")
    return 1 if problems else 0


def main(argv):
    if argv == ["--all"]:
        return summarize_all()
    blocking = "--blocking" in argv
    files = [arg for arg in argv if arg != "--blocking"]
    if len(files) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(run_scenario(files[0], blocking), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
