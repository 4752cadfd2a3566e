#!/usr/bin/env python3
"""The docs test: every command that README.md's tour and quick reference and
docs/course.md's sessions tell someone to run is run, from the project root
against the build that meson runs this test from, and what the docs say it
prints is checked; every relative link of the docs must resolve.

usage: docs_test.py SOURCE_ROOT BUILD_ROOT

Which commands, and what they must print, is marked in the markdown with
HTML comments (invisible on GitHub); docs/testing.md describes them:

  <!-- docs-test: commands -->   ...   <!-- docs-test: end -->
      every command between them is run: inline code and code-block lines
      that start with build/, build-debug/, coop, python/coop-py, scripts/,
      gdb. It must exit
      0, or N where its code-block comment says "exit N".
  <!-- docs-test: skip `COMMAND` REASON -->
      that command is not run; the reason is printed.
  <!-- docs-test: transcript vary-columns="a b" vary-rows="x y" -->
      before a fenced block "$ COMMAND" + output: the output must be what the
      command prints, line for line, up to a line "..."; in the columns and
      rows named (by the table's header and first word) anything goes.
  <!-- docs-test: prints `COMMAND` "TEXT" "TEXT"... -->
      the command's output holds each TEXT (a number or a verdict the prose
      quotes).

And without a marker: a test the prose names (the test "NAME") must select
at least one test case of tests/shared_suite.

Prints one line per check and a doctest-like summary line; exits 1 on a
failure. A command it cannot run here (no debug build, no gdb) is printed
with the reason and not counted."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import Checks  # noqa: E402
import figures  # noqa: E402

root = Path(sys.argv[1]).resolve()
build = Path(sys.argv[2]).resolve()

# What a program must be for a piece of inline code or a line to count as a
# command.
COMMAND = re.compile(r"^(build/|build-debug/|coop |python/coop-py |scripts/|gdb )")
MARKER = re.compile(r"<!--\s*docs-test:\s*(.*?)\s*-->", re.S)
INLINE = re.compile(r"`([^`]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")

checks = Checks()
check = checks.check


# --- running a command as the docs write it ---------------------------------

# A copy of the project root made of links, where `build` is this test's
# build: the docs' commands run unchanged, and the files they write
# (chess.json, run.json) land there, not in the source tree.
shadow = Path(tempfile.mkdtemp(prefix="coop-docs-test-"))
for entry in root.iterdir():
    if entry.name not in ("build",):
        (shadow / entry.name).symlink_to(entry)
(shadow / "build").symlink_to(build)


def as_run(command):
    """The command line to run, and the directory, or (None, reason)."""
    if command.startswith("coop "):
        command = "build/cli/" + command
    if "build-debug" in command and build != (root / "build-debug").resolve():
        # Another build may be stale, or being built: only the debug build's
        # own run of this test (CI: meson test -C build-debug --suite gdb)
        # knows it is up to date.
        return None, ("runs in the debug build's own run of this test "
                      "(meson setup build-debug --buildtype=debug; meson test -C build-debug docs)")
    if command.startswith("gdb "):
        if shutil.which("gdb") is None:
            return None, "needs gdb"
        # In batch mode, from the real root: gdb trusts the real path only.
        return "gdb -batch " + command[len("gdb "):], root
    return command, shadow


results = {}


def run(command):
    """(exit status, output), or (None, why it cannot run here). Each command
    runs once, however many documents show it."""
    line, where = as_run(command)
    if line is None:
        return None, where
    if line not in results:
        p = subprocess.run(line, shell=True, cwd=where, capture_output=True, text=True,
                           timeout=120, env={**os.environ, "PWD": str(where)})
        results[line] = (p.returncode, p.stdout + p.stderr)
    return results[line]


# --- reading the markers --------------------------------------------------------

def commands_between_markers(text):
    """(command, expected exit status) for every command in the marked regions."""
    found = []
    for region in re.findall(r"<!--\s*docs-test:\s*commands\s*-->(.*?)<!--\s*docs-test:\s*end\s*-->",
                             text, re.S):
        in_block = False
        for line in region.splitlines():
            if line.startswith("```"):
                in_block = not in_block
                continue
            if in_block:
                code, _, comment = line.partition(" #")
                code = code.strip()
                if COMMAND.match(code):
                    status = re.search(r"\bexit (\d+)", comment)
                    found.append((code, int(status.group(1)) if status else 0))
            else:
                for code in INLINE.findall(line):
                    if COMMAND.match(code.strip()):
                        found.append((code.strip(), 0))
    return found


def skips(text):
    return {m.group(1): m.group(2) for m in
            re.finditer(r"<!--\s*docs-test:\s*skip\s+`([^`]+)`\s*(.*?)\s*-->", text, re.S)}


def transcripts(text):
    """(command, expected lines, vary-columns, vary-rows) of each marked block."""
    found = []
    pattern = re.compile(r"<!--\s*docs-test:\s*transcript(.*?)-->\s*\n```[a-z]*\n(.*?)```", re.S)
    for m in pattern.finditer(text):
        options = dict(re.findall(r'([a-z-]+)="([^"]*)"', m.group(1)))
        lines = m.group(2).splitlines()
        command = lines[0].removeprefix("$ ").strip()
        found.append((command, lines[1:], options.get("vary-columns", "").split(),
                      options.get("vary-rows", "").split()))
    return found


def prints(text):
    found = []
    for m in re.finditer(r"<!--\s*docs-test:\s*prints\s+`([^`]+)`(.*?)-->", text, re.S):
        found.append((m.group(1), re.findall(r'"([^"]*)"', m.group(2))))
    return found


# --- comparing a transcript --------------------------------------------------

def cells(line):
    return re.split(r"\s{2,}", line.strip())


def same_line(expected, actual, header, vary_columns, vary_rows):
    if expected.rstrip() == actual.rstrip():
        return True
    want, got = cells(expected), cells(actual)
    if header is None or len(want) != len(header) or len(got) != len(header):
        return False
    if want[0] != got[0]:
        return False
    if want[0] in vary_rows:
        return True
    return all(w == g or name in vary_columns for w, g, name in zip(want, got, header))


def compare_transcript(expected, output, vary_columns, vary_rows):
    """Empty, or the first line that differs."""
    actual = output.splitlines()
    header = None
    for i, want in enumerate(expected):
        if want.strip() == "...":
            return ""
        got = actual[i] if i < len(actual) else "(no more output)"
        if vary_columns and all(c in cells(want) for c in vary_columns):
            header = cells(want)
        if not same_line(want, got, header, vary_columns, vary_rows):
            return f"line {i + 1}:\n  docs: {want}\n  says: {got}"
    return ""


# --- doctest selections ------------------------------------------------------

def selects_something(output):
    """A doctest run that selected no test case reports success: not here."""
    counts = re.findall(r"\[doctest\] test cases:\s*(\d+)", output)
    return not counts or int(counts[-1]) > 0


# --- the documents -----------------------------------------------------------------

documents = [root / "README.md", root / "docs" / "course.md"]

# Every command first, two at a time (most of them wait: the real-clock
# exhibition sleeps for seconds), then the checks.
wanted = []
for doc in documents:
    text = doc.read_text()
    skipped = skips(text)
    wanted += [c for c, _ in commands_between_markers(text) if c not in skipped]
    wanted += [c for c, *_ in transcripts(text)] + [c for c, _ in prints(text)]
    wanted += [f'build/tests/shared_suite -tc="{t}"' for t in re.findall(r'the test "([^"]+)"', text)]
with ThreadPoolExecutor(max_workers=2) as pool:
    # One command per command line ("coop cpu" is "build/cli/coop cpu").
    list(pool.map(run, {as_run(c)[0]: c for c in wanted}.values()))

for doc in documents:
    text = doc.read_text()
    name = doc.relative_to(root)
    skipped = skips(text)
    for command, status in commands_between_markers(text):
        if command in skipped:
            print(f"skip: {name}: `{command}`: {skipped[command]}")
            continue
        code, output = run(command)
        if code is None:
            print(f"skip: {name}: `{command}`: {output}")
            continue
        check(code == status and selects_something(output) and "Undefined command" not in output,
              f"{name}: `{command}` exits {status}",
              f"exit {code}; output:\n{output[-1500:]}")
    for command, expected, vary_columns, vary_rows in transcripts(text):
        code, output = run(command)
        if code is None:
            print(f"skip: {name}: transcript of `{command}`: {output}")
            continue
        difference = compare_transcript(expected, output, vary_columns, vary_rows)
        check(code == 0 and not difference, f"{name}: the transcript of `{command}`",
              difference or f"exit {code}")
        if "coop chess" in command and "--step" not in command:
            # The rows that vary are not skipped: the docs' figures and the
            # command's both lie where tests/figures.py says they must.
            try:
                printed = figures.read_chess(output)
            except (ValueError, AttributeError):
                printed = {}  # not a table: the check of what it prints below says so
            quoted = figures.chess_problems(
                "\n".join(expected), partial=True,
                stacks=(printed.get("fiber_stack", 0), printed.get("thread_stack", 0)))
            check(not quoted, f"{name}: every figure the transcript of `{command}` quotes",
                  "\n".join(quoted))
            shown = figures.chess_problems(output)
            check(not shown, f"{name}: every figure `{command}` prints", "\n".join(shown))
    for command, texts in prints(text):
        code, output = run(command)
        if code is None:
            print(f"skip: {name}: `{command}`: {output}")
            continue
        missing = [t for t in texts if t not in output]
        check(code == 0 and not missing, f"{name}: `{command}` prints {', '.join(texts)}",
              f"exit {code}; not printed: {missing}")

    # A test the prose names must exist: its name, given to doctest, selects
    # at least one test case (a selection of none reports success).
    for test_name in re.findall(r'the test "([^"]+)"', text):
        code, output = run(f'build/tests/shared_suite -tc="{test_name}"')
        check(code == 0 and re.search(r"test cases:\s*[1-9]", output) is not None,
              f'{name}: the test "{test_name}" exists and passes',
              f"exit {code}; output:\n{output[-800:]}")

# Every page's "`coop chess ...` (about N s)" lies in the command's bounds,
# and every table of `coop echo` a page quotes holds to the rules of
# tests/figures.py (MB/s from the round trips, the percentiles in order, the
# round trips within what the latencies allow).
for doc in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
    text = doc.read_text()
    name = doc.relative_to(root)
    problems = figures.quoted_duration_problems(text)
    check(not problems, f"{name}: every duration it quotes for coop chess", "\n".join(problems))
    for block in re.findall(r"```\n(coop echo: .*?)```", text, re.S):
        problems = figures.echo_problems(block)
        check(not problems, f"{name}: every figure of the coop echo table it quotes", "\n".join(problems))

# Every relative link of the documentation resolves.
linked = [root / "README.md", *sorted((root / "docs").glob("*.md")),
          *sorted((root / "labs").rglob("*.md")), *sorted(root.glob("*/README.md"))]
linked = list(dict.fromkeys(linked))  # labs/README.md is found twice
broken = []
for doc in linked:
    for target in LINK.findall(doc.read_text()):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        if not (doc.parent / path).exists():
            broken.append(f"{doc.relative_to(root)}: {target}")
check(not broken, f"every relative link of {len(linked)} documents resolves", "\n".join(broken))

shutil.rmtree(shadow, ignore_errors=True)
sys.exit(checks.summary())
