#!/usr/bin/env python3
"""Runs each walkthrough's gdb script (tests/gdb/*.gdb) with `gdb -batch`
against the coop program of a -O0 -g build, and checks that what the
walkthrough promises appears: every `# expect: REGEX` line of a script must
match the output, in order.

The walkthrough itself (docs/walkthrough-NAME.md for walkthrough-NAME.gdb)
is checked against the same run, so that what it quotes cannot drift:
- every line of its gdb transcripts (fenced blocks with `(gdb) ` lines) that
  gdb printed must be a line of the output, whole and in order, line numbers
  included; "..." in a quoted line stands for any text (an address, elided
  arguments), and a line that is only "..." for lines left out;
- the commands it shows (`(gdb) COMMAND`) are the script's commands, in
  order; `(gdb) run` is the script's `run ARGS` (the reader gave ARGS to
  gdb --args). Only the batch-mode settings below are the script's alone.

usage: run_walkthroughs.py COOP_BINARY OPTIMIZATION [SCRIPT...]
Exits 77 (meson: skipped) with a message when gdb is missing or the build is
optimized. Prints a doctest-like summary line.
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

coop, optimization = str(Path(sys.argv[1]).resolve()), sys.argv[2]
here = Path(__file__).resolve().parent
scripts = [Path(s) for s in sys.argv[3:]] or sorted(here.glob("*.gdb"))
extension = here.parent.parent / "tools" / "gdb" / "coop_gdb.py"

if shutil.which("gdb") is None:
    print("SKIPPED: gdb is not installed (Debian: apt-get install gdb)")
    sys.exit(77)
if optimization != "0":
    print(f"SKIPPED: the walkthroughs need a build with -O0 -g, this one has -O{optimization};"
          " build one with: meson setup build-debug --buildtype=debug")
    sys.exit(77)

# What only a script needs: gdb -batch must not page or ask, and ends the
# program itself.
SCRIPT_ONLY = {"set pagination off", "set confirm off", "kill"}


def commands_of(script_text):
    return [line.strip() for line in script_text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def transcripts(markdown):
    """(commands, printed lines) of the fenced blocks that hold `(gdb) ` lines."""
    commands, printed = [], []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", markdown, re.S | re.M):
        lines = block.splitlines()
        if not any(line.startswith("(gdb) ") for line in lines):
            continue
        for line in lines:
            if line.startswith("(gdb) "):
                commands.append(line[len("(gdb) "):].strip())
            elif line.strip() != "...":
                printed.append(line.rstrip())
    return commands, printed


def check_walkthrough(doc, script_text, output):
    """What the walkthrough quotes that gdb did not print or the script did
    not run; None if nothing."""
    commands, printed = transcripts(doc.read_text())
    script_commands = [c for c in commands_of(script_text) if c not in SCRIPT_ONLY]
    shown = ["run" if c.startswith("run ") else c for c in script_commands]
    if commands != shown:
        at = next(i for i, pair in enumerate(zip(commands + [None], shown + [None]))
                  if pair[0] != pair[1])
        return ("its (gdb) commands are not the script's, from command %d on:\n"
                "  walkthrough: %s\n  script:      %s" % (at + 1, commands[at:at + 2], shown[at:at + 2]))
    position = 0
    for line in printed:
        pattern = "^" + ".*?".join(re.escape(part) for part in line.split("...")) + "[ \t]*$"
        match = re.compile(pattern, re.M).search(output, position)
        if match is None:
            return "gdb did not print this quoted line (after offset %d):\n  %s" % (position, line)
        position = match.end()
    return None


passed = failed = 0
for script in scripts:
    expectations = [line.split("# expect:", 1)[1].strip()
                    for line in script.read_text().splitlines() if "# expect:" in line]
    run = subprocess.run(
        ["gdb", "-nx", "-batch", "-iex", "set auto-load safe-path /",
         "-iex", "set debuginfod enabled off",
         "-ex", f"source {extension}", "-x", str(script), "--args", coop],
        capture_output=True, text=True, timeout=300,
        cwd=here.parent.parent)  # the scripts name files from the project's root
    output = run.stdout + run.stderr
    position = 0
    missing = None
    for pattern in expectations:
        try:
            match = re.compile(pattern, re.MULTILINE).search(output, position)
        except re.error as error:
            missing = f"{pattern} (not a valid regular expression: {error})"
            break
        if match is None:
            missing = pattern
            break
        position = match.end()
    problem = None if missing is None else f"expected /{missing}/ after offset {position}"
    doc = here.parent.parent / "docs" / (script.stem + ".md")
    if problem is None and doc.exists():
        drift = check_walkthrough(doc, script.read_text(), output)
        if drift is not None:
            problem = f"docs/{doc.name}: {drift}"
    if problem is None and expectations:
        passed += 1
        checked = f", docs/{doc.name} checked" if doc.exists() else ""
        print(f"ok: {script.name} ({len(expectations)} expectations{checked})")
    else:
        failed += 1
        print(f"FAILED: {script.name}: {problem or 'no # expect: lines'}")
        print("---- gdb output ----")
        print(output)
        print("--------------------")

print(f"[doctest] test cases: {passed + failed} | {passed} passed | {failed} failed")
sys.exit(1 if failed else 0)
