"""scripts/mutants from the outside, without building or running anything:
every listed mutant still applies to the tree (its text is found), and bad
arguments and bad mutant lists get a message and exit status 2. Nothing it
runs changes the tree.

usage: python3 tests/mutants_test.py SCRIPT
"""

import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = Path(sys.argv[1]).resolve()
ROOT = SCRIPT.parent.parent
failures = []


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=60)


def check(condition, what, result=None):
    if not condition:
        detail = ""
        if result is not None:
            detail = f"\n  status {result.returncode}\n  stdout: {result.stdout}\n  stderr: {result.stderr}"
        failures.append(what + detail)


def expect_refusal(args, words, what):
    result = run(*args)
    check(result.returncode == 2 and all(w in result.stderr for w in words)
          and result.stdout == "", f"{what}: exit 2 and a message with {words}", result)


made_files = []


def list_file(text):
    f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    f.write(text)
    f.close()
    made_files.append(f.name)
    return f.name


def sources():
    """The text of every file a listed mutant changes, to see that none changed."""
    listed = (ROOT / "scripts" / "mutants.txt").read_text()
    files = sorted({line.split(":", 1)[1].strip() for line in listed.splitlines()
                    if line.startswith("file:")})
    return {f: (ROOT / f).read_text() for f in files}


before = sources()

# Every mutant applies to the current tree; ten or more of them.
result = run("--check")
check(result.returncode == 0, "--check passes on the current tree", result)
count = int(result.stdout.split()[0]) if result.stdout.split() else 0
check(count >= 10, f"at least ten mutants (found {count})", result)

result = run("--list")
lines = result.stdout.splitlines()
check(result.returncode == 0 and len(lines) == count,
      "--list prints one line per mutant", result)
check(all(" (" in line and "): " in line for line in lines),
      "--list names each mutant's file and what it does", result)

result = run("--list", "--only", "loop-timers-before-io")
check(result.returncode == 0 and len(result.stdout.splitlines()) == 1
      and result.stdout.startswith("loop-timers-before-io (common/loop.cpp): "),
      "--only selects one mutant", result)

# Bad arguments.
expect_refusal(["--bogus"], ["unknown argument '--bogus'", "usage:"], "an unknown argument")
expect_refusal(["--check", "--list"], ["do not go together"], "--check with --list")
expect_refusal(["--build"], ["--build needs a value"], "--build without a value")
expect_refusal(["--timeout", "0"], ["--timeout takes a whole number"], "--timeout 0")
expect_refusal(["--timeout", "soon"], ["--timeout takes a whole number"], "--timeout soon")
expect_refusal(["--check", "--only", "no-such-mutant"], ["no mutant named no-such-mutant"],
               "an unknown mutant")
expect_refusal(["--mutants", "/nonexistent/mutants.txt"], ["cannot read the mutant list"],
               "a missing mutant list")
with tempfile.TemporaryDirectory() as empty:
    expect_refusal(["--build", empty], ["not a configured build directory"],
                   "a build directory that meson did not configure")

# A mutant whose code moved: its text is not found.
moved = list_file("name: moved\nfile: common/loop.cpp\nwhat: gone\n"
                  "find: this text is in no file\nreplace: x\n")
expect_refusal(["--check", "--mutants", moved], ["mutant moved", "common/loop.cpp", "not found",
                                                 "this text is in no file"],
               "a mutant whose `find` text is not in its file")
twice = list_file("name: twice\nfile: common/loop.cpp\nwhat: ambiguous\n"
                  "after: return\nfind: ;\nreplace: x\n")
expect_refusal(["--check", "--mutants", twice], ["mutant twice", "`after` text found"],
               "a mutant whose `after` text is found more than once")
no_file = list_file("name: nofile\nfile: common/no-such-file.cpp\nwhat: x\nfind: a\nreplace: b\n")
expect_refusal(["--check", "--mutants", no_file], ["cannot read common/no-such-file.cpp"],
               "a mutant of a file that does not exist")

# Mutant lists of the wrong shape.
for text, words, what in [
    ("name: a\nfile: common/loop.cpp\nwhat: x\nfind: y\n", ["lacks replace"], "a missing field"),
    ("name: a\nfile: common/loop.cpp\nwhen: x\n", ["expected `field: value`"], "an unknown field"),
    ("name: a b\nfile: common/loop.cpp\nwhat: x\nfind: y\nreplace: z\n",
     ["letters, digits and dashes"], "a name with a space"),
    ("name: a\nfile: common/loop.cpp\nwhat: x\nfind: y\nreplace: y\n",
     ["replaces its text by itself"], "a mutant that changes nothing"),
    ("# only a comment\n", ["no mutants"], "an empty list"),
]:
    expect_refusal(["--check", "--mutants", list_file(text)], words, what)

check(sources() == before, "the tree is unchanged")
for name in made_files:
    Path(name).unlink()

for failure in failures:
    print("FAILED:", failure)
print(f"{'FAIL' if failures else 'ok'}: scripts/mutants, {len(failures)} failures")
sys.exit(1 if failures else 0)
