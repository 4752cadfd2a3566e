#!/usr/bin/env python3
"""Hostile input (docs/semantics.md "Limits"): whatever a
scenario file or a flag holds, `coop` ends with a documented status and one
clear line on standard error; never a signal, a hang, a wrapped clock or an
unbounded use of memory. One section per class of hostile input, each run in
every technique that `coop run --help` lists (and all of them together).

It runs in every build that the test suite runs in: the default one, the
-O0 debug build (meson setup build-debug --buildtype=debug) and the ASan +
UBSan build of CI, so that the deep and the large cases are tried where a
student's stack is smallest.

usage: hostile_test.py COOP_BINARY
Prints one line per failed check and a doctest-like summary line.
"""
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from checks import Checks

coop = os.path.abspath(sys.argv[1])
work = Path(tempfile.mkdtemp(prefix="coop-hostile-"))
checks = Checks(print_passes=False)
check = checks.check


def run(*args, stdout=subprocess.PIPE, timeout=300, **kwargs):
    p = subprocess.run([coop, *args], stdout=stdout, stderr=subprocess.PIPE, timeout=timeout,
                       **kwargs)
    out = p.stdout.decode(errors="replace") if p.stdout is not None else ""
    return p.returncode, out, p.stderr.decode(errors="replace")


def write(name, content):
    path = work / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content)
    else:
        path.write_text(json.dumps(content))
    return str(path)


def one_clear_line(err):
    """The message is one line (plus the usage hint), short, with no raw
    control character that could drive a terminal."""
    first = err.splitlines()[0] if err else ""
    return (err != "" and len(first) < 400 and "\x1b" not in err
            and all(c >= " " or c == "\n" for c in err))


code, out, _ = run("run", "--help")
techniques = out.split("techniques:")[1].split("\n")[0].split()
every = [[]] + [["--technique", t] for t in techniques]  # all together, then each


def rejected(path, message, what):
    """Status 2, nothing on standard output, the message, in every technique."""
    for choice in every:
        code, out, err = run("run", *choice, path)
        check(code == 2 and out == "" and message in err and one_clear_line(err),
              f"{what} {choice}: exit 2 and '{message}', got {code}: {err[:300]!r}")


def runs_to_the_end(path, what, expect=None):
    """Status 0 in every technique; `expect(events)` checks the trace."""
    for choice in every:
        code, out, err = run("run", *choice, path)
        events = [json.loads(line) for line in out.splitlines() if line.strip()]
        check(code == 0 and (expect is None or expect(events)),
              f"{what} {choice}: exit 0, got {code}: {err[:300]!r}")


def task(ops, name="a", **extra):
    return {"name": name, "ops": ops, **extra}


# 1. Deep nesting, wherever it sits: the loader refuses it as it reads, and
# no message prints the whole value.
deep = "[" * 80_000 + "]" * 80_000
for where, text in [
    ("an operation's argument", '{"tasks": [{"name": "a", "ops": [["log", %s]]}]}' % deep),
    ("a capacity", '{"channels": {"c": %s}, "tasks": []}' % deep),
    ("start", '{"tasks": [{"name": "a", "ops": [], "start": %s}]}' % deep),
    ("the op-name slot", '{"tasks": [{"name": "a", "ops": [[%s]]}]}' % deep),
    ("3,000 levels", '{"tasks": [{"name": "a", "ops": [["log", %s]]}]}' % ("[" * 3000 + "]" * 3000)),
]:
    rejected(write("deep.json", text), "nest more than 136 deep", f"deep nesting in {where}:")

# 2. The virtual clock never wraps: 10 x 10^12 ms is fine and reaches 10^13,
# and a total past 10^15 ms is refused before the run.
runs_to_the_end(
    write("long.json", {"tasks": [task([["repeat", 10, [["busy", 10**12]]], ["log", "x"]])]}),
    "ten busy 10^12 ms", lambda ev: ev[-1]["t"] == 10**13 and all(e["t"] >= 0 for e in ev))
rejected(write("wrap.json", {"tasks": [task([["repeat", 10_000, [["busy", 10**12]]]])]}),
         "more than 10^15 ms", "10^4 x busy 10^12 ms:")
rejected(write("wrap2.json", {"tasks": [task([["sleep", 10**15]]), task([["busy", 1]], "b")]}),
         "more than 10^15 ms", "sleeps of two tasks past 10^15 ms:")

# 3. Whole numbers in the signed 64-bit range, never wrapped.
chan = {"c": 1}
rejected(write("u64.json", {"channels": chan, "tasks": [task([["send", "c", 2**64 - 1]])]}),
         "whole number from -2^63 to 2^63 - 1, got 18446744073709551615", "send 2^64 - 1:")
rejected(write("cap.json", {"channels": {"c": 2**63}, "tasks": []}),
         "capacity must be a whole number", "capacity 2^63:")
rejected(write("count.json", {"tasks": [task([["repeat", 2**63, [["log", "x"]]]])]}),
         "count must be a whole number", "repeat 2^63:")
runs_to_the_end(
    write("i64.json", {"channels": chan, "tasks": [task([["send", "c", 2**63 - 1], ["recv", "c"]])]}),
    "send 2^63 - 1", lambda ev: any(e.get("value") == 2**63 - 1 for e in ev))

# 4. Duplicate keys.
rejected(write("dup.json", '{"tasks": [{"name": "a", "ops": [], "name": "b"}]}'),
         'the key "name" appears twice', "a task with two names:")
rejected(write("dup2.json", '{"tasks": [], "tasks": []}'), 'the key "tasks" appears twice',
         "two task lists:")

# 5. Endless or unbounded runs: counted before they start.
rejected(write("empty.json", {"tasks": [task([["repeat", 10**6, [["repeat", 10**6, []]]]])]}),
         "more than 10^8 operations", "nested repeats around an empty body:")
rejected(write("logs.json", {"tasks": [task([["repeat", 10**12, [["log", "x"]]]])]}),
         "more than 10^8 operations", "10^12 logs:")

# 6. Scale: 100,000 tasks run to the end in every technique, and the cost
# of a run grows about linearly. A quadratic step (a linear scan per task)
# makes 10 times the tasks cost about 100 times as much; linear, about 10.
# The cost is the processor time the whole process used (loading included),
# not the time on the wall, which other programs on a loaded machine
# stretch; and the bound of 30 leaves room for what remains of that noise.
def tasks_file(n):
    return write(f"tasks{n}.json",
                 {"tasks": [task([["sleep", 1], ["sleep", 2]], f"t{i}") for i in range(n)]})


def cpu_seconds(technique, path, runs):
    """The least processor time (user + system) of `runs` runs."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        code, out, err = run("run", "--summary", "--technique", technique, path, timeout=600)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        check(code == 0 and "all ended" in out,
              f"{path} {technique}: every task ends, got {code}: {err[:200]!r}")
        best = min(best, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return best


small, large = tasks_file(10_000), tasks_file(100_000)
for t in techniques:
    a, b = cpu_seconds(t, small, 2), cpu_seconds(t, large, 1)
    ratio = b / max(a, 0.001)
    check(ratio < 30, f"{t}: 10 times the tasks cost {ratio:.1f} times as much (at most 30)")
    print(f"scale: {t}: 10,000 tasks {a:.3f} s, 100,000 tasks {b:.3f} s of processor time, x{ratio:.1f}")


# 7. The system refusing a thread: the threads of `coop chess` and `coop cpu`
# stop cleanly with status 1. RLIMIT_NPROC counts a user's processes and
# threads, and root ignores it: the child becomes `nobody` first.
def few_threads():
    resource.setrlimit(resource.RLIMIT_NPROC, (4, 4))
    os.setgid(65534)
    os.setuid(65534)


if os.geteuid() == 0:
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")  # LeakSanitizer needs a thread
    for args in (["chess", "--tables", "24", "--scale", "10us"], ["cpu", "--chunks", "64", "--limit", "100000"]):
        code, out, err = run(*args, preexec_fn=few_threads, env=env, cwd="/")
        # The limit counts every process and thread of `nobody` on the
        # machine, so which one is refused first (a thread, or a process of
        # the OS rows) depends on what else runs as nobody: either way the
        # command stops with status 1 and says so.
        refused = re.search(r"the system refused to start (thread|process) \d+ of \d+: ", err)
        check(code == 1 and refused and one_clear_line(err),
              f"{args[0]} with few threads allowed: exit 1 and a message, got {code}: {err[:300]!r}")
else:
    checks.skip("the refused-thread checks need root (to run as nobody under RLIMIT_NPROC)")

# 8. Output: a full disk, a closed pipe, an unwritable --trace.
scenario = write("small.json", {"tasks": [task([["repeat", 1000, [["log", "x" * 50]]]])]})
for choice in every:
    with open("/dev/full", "wb") as full:
        code, _, err = run("run", *choice, scenario, stdout=full)
    check(code == 1 and "cannot write the output: No space left on device" in err,
          f"> /dev/full {choice}: exit 1, got {code}: {err!r}")
    p = subprocess.Popen([coop, "run", *choice, scenario], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdout.close()  # the reader is gone before the first line
    err = p.stderr.read().decode()
    check(p.wait(timeout=120) == 1 and "cannot write the output: Broken pipe" in err,
          f"closed pipe {choice}: exit 1, got {p.returncode}: {err!r}")
    code, out, err = run("run", *choice, "--trace", "/nonexistent/t.jsonl", scenario)
    check(code == 2 and out == "" and "cannot write /nonexistent/t.jsonl: No such file" in err,
          f"--trace in no directory {choice}: exit 2 before the run, got {code}: {err!r}")

# 9. Messages: short, escaped, with the system's reason.
rejected(write("opname.json", {"tasks": [task([["x" * 1_000_000]])]}), "unknown operation",
         "a 1 MB operation name:")
code, _, err = run("run", write("opname.json", {"tasks": [task([["x" * 1_000_000]])]}))
check(len(err) < 400, f"a 1 MB operation name: a message of {len(err)} characters")
rejected(write("ctl.json", {"tasks": [task([], "a\x1b[2J\x07")]}),
         "a name may not hold control characters", "a task name with control characters:")
rejected(str(work), "Is a directory", "a directory:")
rejected("/dev/null", "the file is empty", "/dev/null:")
rejected(write("nul.json", b'\0{"tasks": []}'), "a NUL byte at offset 0", "a file starting with NUL:")
rejected(str(work / "missing.json"), "cannot open the file: No such file or directory", "no file:")
started = time.monotonic()
rejected("/dev/zero", "larger than 64 MiB", "/dev/zero:")
check(time.monotonic() - started < 120, "/dev/zero is refused without reading it all")
escaping = write("escaping.json", {"tasks": [task([["log", "\x1b[2Jgone"]], "a")]})
code, out, _ = run("compare", escaping)
check(code == 0 and "\x1b" not in out and "\\x1b[2Jgone" in out,
      f"compare escapes a log text's control characters, got {code}: {out!r}")
code, out, _ = run("run", "--timeline", "--width", "60", escaping)
check(code == 0 and "\x1b" not in out, f"--timeline prints no raw control character: {out!r}")

# 10. Flags: plain decimal numbers only.
for value in ["0x10", "1e3", "inf", "nan", " 5", "-5", "5..1s", "", "x" * 100_000]:
    code, out, err = run("chess", "--no-os", "--opponent-move", value)
    check(code == 2 and out == "" and one_clear_line(err),
          f"--opponent-move {value[:20]!r}: exit 2, got {code}: {err[:200]!r}")
code, out, _ = run("chess", "--no-os", "--opponent-move", "55.5s")
check(code == 0, "--opponent-move 55.5s is accepted")

# 11. A repeat of 100,000 operations that never suspend: no stack grows with
# the passes, at -O0 and under ASan too.
for body in ([["log", "x"]], [["repeat", 1, [["log", "x"]]]],
             [["send", "c", 1], ["recv", "c"], ["busy", 1]]):
    runs_to_the_end(
        write("sync.json", {"channels": {"c": 1}, "tasks": [task([["repeat", 100_000, body]])]}),
        f"repeat 100,000 x {json.dumps(body)}", lambda ev: ev[-1]["event"] == "end")

# 12. The echo client gives up on a server that never answers, and the
# server stops cleanly on SIGINT and SIGTERM, saying what it served.
silent = socket.socket()
silent.bind(("127.0.0.1", 0))
silent.listen(64)  # accepts (the kernel does), never reads
code, out, err = run("echo", "--connect", str(silent.getsockname()[1]), "--timeout", "1s",
                     "--connections", "2", timeout=60)
check(code == 1 and "no answer from 127.0.0.1" in err and "(--timeout)" in err,
      f"echo --connect to a silent server: exit 1, got {code}: {err!r}")
silent.close()
for sig, name in ((signal.SIGINT, "SIGINT"), (signal.SIGTERM, "SIGTERM")):
    for t in techniques:
        p = subprocess.Popen([coop, "echo", "--serve", "0", "--technique", t],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = p.stdout.readline()
        port = int(first.split("127.0.0.1:")[1].split()[0])
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.sendall(b"hello")
            echoed = s.recv(5)
        p.send_signal(sig)
        rest, err = p.communicate(timeout=60)
        check(p.returncode == 0 and echoed == b"hello" and f"stopped by {name}" in rest
              and "serving 1 connections" in rest and "echoing 5 bytes" in rest,
              f"echo --serve {t}, {name}: exit 0 and what it served, got {p.returncode}: {rest!r} {err!r}")

shutil.rmtree(work, ignore_errors=True)
sys.exit(checks.summary())
