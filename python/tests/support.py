"""What the Python twins' tests share: running coop-py in this process and
`coop run` as a program, and reading traces."""
import contextlib
import io
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
sys.path.insert(0, PYTHON_DIR)
sys.dont_write_bytecode = True

from coop import cli  # noqa: E402


class Checks:
    """Counts checks and failures. The last line is doctest's summary line,
    as tests/cli_test.py prints it, so that scripts/summarize-tests counts
    each check; the program exits 1 if any failed."""

    def __init__(self, name):
        self.name = name
        self.checks = 0
        self.failures = 0

    def check(self, ok, what):
        self.checks += 1
        if not ok:
            self.failures += 1
            if self.failures <= 20:
                print(f"FAIL: {what}")
        return ok

    def done(self):
        passed = self.checks - self.failures
        print(f"{self.name}: {self.checks} checks")
        print(f"[doctest] test cases: {self.checks} | {passed} passed | {self.failures} failed")
        sys.exit(1 if self.failures or not self.checks else 0)


def coop_py(*args):
    """coop-py in this process: (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


def coop(coop_exe, *args):
    """The C++ `coop`: (status, stdout, stderr)."""
    done = subprocess.run([coop_exe, *args], capture_output=True, text=True, errors="backslashreplace", timeout=120)
    return done.returncode, done.stdout, done.stderr


def read_jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def public_scenarios(scenario_dir):
    return sorted(
        os.path.join(scenario_dir, f) for f in os.listdir(scenario_dir) if f.endswith(".json")
    )


def invalid_scenarios(scenario_dir):
    return public_scenarios(os.path.join(scenario_dir, "invalid"))


def message(stderr):
    """A rejection's message without the program's name: "coop run: X" and
    "coop-py run: X" both give X. Lines a sanitizer prints ("==PID==WARNING:
    ...", in ASan builds that switch fiber stacks) are not the program's."""
    lines = [line for line in stderr.splitlines() if not re.match(r"==\d+==", line)]
    first = lines[0] if lines else ""
    return first.split(": ", 1)[1] if ": " in first else first


def same_run(checks, coop_exe, path, *options):
    """coop-py and coop agree on `run OPTIONS PATH`: the exit status, the
    bytes on standard output and, for a rejected file, the message (up to
    "not valid JSON: ", after which Python's json module words syntax
    errors its own way). Returns coop's (status, stdout, stderr)."""
    want = coop(coop_exe, "run", *options, path)
    got = coop_py("run", *options, path)
    name = " ".join([*options, os.path.basename(path)])
    checks.check(got[0] == want[0], f"run {name}: exit {got[0]}, coop run exits {want[0]}")
    checks.check(got[1] == want[1], f"run {name}: standard output differs from coop run's")
    if want[0] == 2:
        want_message, got_message = message(want[2]), message(got[2])
        if "not valid JSON: " in want_message:
            want_message = want_message.split("not valid JSON: ")[0]
            got_message = got_message.split("not valid JSON: ")[0]
        checks.check(got_message == want_message, f"run {name}: message\n  coop-py: {message(got[2])}\n"
                                                  f"  coop:    {message(want[2])}")
    checks.check("Traceback" not in got[2], f"run {name}: a traceback")
    return want
