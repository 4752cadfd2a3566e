#!/usr/bin/env python3
"""Runs each walkthrough's gdb script (tests/gdb/*.gdb) with `gdb -batch`
against the coop program of a -O0 -g build, and checks that what the
walkthrough promises appears: every `# expect: REGEX` line of a script must
match the output, in order.

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
    if missing is None and expectations:
        passed += 1
        print(f"ok: {script.name} ({len(expectations)} expectations)")
    else:
        failed += 1
        print(f"FAILED: {script.name}: expected /{missing}/ after offset {position}")
        print("---- gdb output ----")
        print(output)
        print("--------------------")

print(f"[doctest] test cases: {passed + failed} | {passed} passed | {failed} failed")
sys.exit(1 if failed else 0)
