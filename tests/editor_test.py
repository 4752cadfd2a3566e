#!/usr/bin/env python3
"""The editor set-up (.vscode/tasks.json and launch.json) works: the build
task's command runs, and every launch configuration, given to gdb as the
editor gives it (its setupCommands first, then the program and its
arguments), loads coop's extension and pretty-printers: at the loop's first
iteration `coop tasks` lists the runtime's tasks and a Loop prints as coop's
pretty-printer shows it.

usage: editor_test.py SOURCE_ROOT BUILD_ROOT OPTIMIZATION
The editor's files name build-debug; here that is BUILD_ROOT, the -O0 build
this test runs from. Exits 77 (meson: skipped) with a message when gdb is
missing or the build is optimized, like tests/gdb/run_walkthroughs.py."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import Checks  # noqa: E402

root, build, optimization = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), sys.argv[3]

if shutil.which("gdb") is None:
    print("SKIPPED: gdb is not installed (Debian: apt-get install gdb)")
    sys.exit(77)
if optimization != "0":
    print(f"SKIPPED: the editor set-up debugs a build with -O0 -g, this one has -O{optimization};"
          " build one with: meson setup build-debug --buildtype=debug")
    sys.exit(77)

checks = Checks()
check = checks.check


def here(text):
    """A string of the editor's files, for this checkout and this build."""
    text = re.sub(r"(\$\{workspaceFolder\}/)?\bbuild-debug\b", lambda _: str(build), text)
    return text.replace("${workspaceFolder}", str(root))


tasks = json.loads((root / ".vscode" / "tasks.json").read_text())["tasks"]
labels = {task["label"] for task in tasks}
for task in tasks:
    command = here(task["command"])
    run = subprocess.run(command, shell=True, cwd=here(task.get("options", {}).get("cwd", str(root))),
                         capture_output=True, text=True, timeout=600)
    check(run.returncode == 0, f"task '{task['label']}': {command}",
          (run.stdout + run.stderr)[-1500:])

configurations = json.loads((root / ".vscode" / "launch.json").read_text())["configurations"]
for config in configurations:
    name = config["name"]
    check(config.get("preLaunchTask") in labels, f"'{name}': its preLaunchTask is a task")
    program = Path(here(config["program"]))
    gdb = ["gdb", "-nx", "-batch", "-iex", "set debuginfod enabled off"]
    for setup in config.get("setupCommands", []):
        text = here(setup["text"])
        # A command that starts with '-' is gdb's machine interface (MI),
        # which the editor speaks; from the command line it goes through
        # interpreter-exec.
        gdb += ["-iex", f'interpreter-exec mi "{text}"' if text.startswith("-") else text]
    gdb += ["-ex", "break coop::Loop::run_once", "-ex", "run", "-ex", "coop tasks",
            "-ex", "print *this", "--args", str(program), *config.get("args", [])]
    run = subprocess.run(gdb, cwd=here(config.get("cwd", str(root))), capture_output=True,
                         text=True, timeout=300)
    output = run.stdout + run.stderr
    check(run.returncode == 0 and "Undefined command" not in output and "runtime at" in output,
          f"'{name}': coop tasks works in gdb as the editor starts it", output[-2000:])
    check("= coop::Loop (" in output, f"'{name}': coop's pretty-printers are loaded",
          output[-2000:])

sys.exit(checks.summary())
