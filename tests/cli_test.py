#!/usr/bin/env python3
"""The runner from the outside (docs/semantics.md "The runner"): exit
statuses, messages, standard output, for every technique `coop run --help`
lists.

usage: cli_test.py COOP_BINARY SCENARIO_DIR
Prints one line per check and a doctest-like summary line.
"""
import json
import struct
import socket
import subprocess
import sys
from pathlib import Path

from checks import Checks

coop, scenarios = sys.argv[1], Path(sys.argv[2])
checks = Checks(print_passes=False)
check = checks.check


def run(*args):
    p = subprocess.run([coop, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def parsed(jsonl):
    return [json.loads(line) for line in jsonl.splitlines() if line.strip()]


code, out, _ = run("run", "--help")
check(code == 0 and "usage: coop run" in out, "coop run --help")
techniques = out.split("techniques:")[1].split("\n")[0].split()
check(len(techniques) >= 1, f"--help lists the techniques ({techniques})")
code, out, _ = run("--help")
check(code == 0 and "run" in out, "coop --help")

for args, what in [
    ([], "no command"),
    (["fly"], "unknown command"),
    (["run"], "no file"),
    (["run", "--technique"], "--technique without a value"),
    (["run", "--technique", "nope", str(scenarios / "timer-ties.json")], "unknown technique"),
    (["run", "--clock", "sideways", str(scenarios / "timer-ties.json")], "bad clock"),
    (["run", "--frobnicate", str(scenarios / "timer-ties.json")], "unknown option"),
    (["run", "a.json", "b.json"], "two files"),
    (["run", "/nonexistent/x.json"], "missing file"),
]:
    code, out, err = run(*args)
    check(code == 2 and out == "" and err.strip() != "", f"{what}: exit 2, message, no output")

for bad in sorted((scenarios / "invalid").glob("*.json")):
    scenario = json.loads(bad.read_text()) if bad.name != "not-json.json" else None
    for technique in techniques + [None]:
        args = ["run", str(bad)] if technique is None else ["run", "--technique", technique, str(bad)]
        code, out, err = run(*args)
        ok = code == 2 and out == "" and str(bad) in err
        # A task-level problem names the task and the operation's position.
        if scenario and scenario["tasks"] and bad.name not in ("duplicate-name.json",):
            ok = ok and "task \"" in err and ", op " in err
        check(ok, f"{bad.name} with {technique}: exit 2, message naming file/task/op, no output "
                  f"(got {code}, {err.strip()!r})")

for good in sorted(scenarios.glob("*.json")):
    expected = parsed((good.parent / (good.stem + ".trace.jsonl")).read_text())
    stalled = expected[-1]["event"] == "stalled"
    for technique in techniques + [None]:
        args = ["run", str(good)] if technique is None else ["run", "--technique", technique, str(good)]
        code, out, err = run(*args)
        check(code == (3 if stalled else 0) and parsed(out) == expected,
              f"{good.name} with {technique}: exit {code}, {err.strip()!r}")

code, out, _ = run("compare", "--help")
check(code == 0 and "usage: coop compare" in out, "coop compare --help")
for good in sorted(scenarios.glob("*.json")):
    expected = parsed((good.parent / (good.stem + ".trace.jsonl")).read_text())
    code, out, err = run("compare", str(good))
    lines = out.splitlines()
    rows = [l for l in lines if l[:4].strip().isdigit()]
    check(code == 0 and len(rows) == len(expected) and not any(r[4] == "!" for r in rows)
          and lines[-1].startswith(f"verdict: all {len(techniques)} techniques agree: "),
          f"coop compare {good.name}: one agreeing row per event and the verdict ({code}, {err!r})")
for bad in sorted((scenarios / "invalid").glob("*.json")):
    code, out, err = run("compare", str(bad))
    check(code == 2 and out == "" and str(bad) in err, f"coop compare {bad.name}: exit 2, message")
code, out, err = run("compare")
check(code == 2 and out == "" and err, "coop compare without a file")

code, out, _ = run("run", "--summary", str(scenarios / "chess-exhibition.json"))
check(code == 0 and "3,655,000 ms" in out and all(t in out for t in techniques),
      "--summary shows every technique and the exhibition's length")

# coop chess: the table, the arithmetic, the verdict; bad arguments.
code, out, err = run("chess", "--scale", "10us")
rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and line.split()}
check(code == 0 and "43,200 s" in rows.get("synchronous", "")
      and all("3,655 s" in rows.get(t, "") and " 744 " in rows.get(t, "") for t in techniques)
      and "threads" in rows and "processes" in rows
      and f"The {len(techniques)} cooperative versions agree" in out,
      f"coop chess: every row, 43,200 s and 3,655 s, the verdict ({code}, {err!r})")
code, out, err = run("chess", "--no-os", "--tables", "3", "--moves", "4",
                     "--master-move", "2s", "--opponent-move", "9s")
# 3 tables x 2 s = 6 s of moves a round, a cycle is 11 s: 3 x 11 + 6 + 9 = 48 s
check(code == 0 and all(" 48 s " in rows_line for rows_line in out.splitlines()
                        if rows_line.split() and rows_line.split()[0] in techniques)
      and "\n  threads" not in out, f"coop chess with other numbers: 48 s ({err!r})")
code, out, err = run("chess", "--clock", "real", "--scale", "20us", "--no-os",
                     "--technique", "coroutines")
line = next((l for l in out.splitlines() if l.startswith("  coroutines")), "")
simulated = int(line.split()[1].replace(",", "")) if line else 0
# Only a lower bound: the real clock cannot run ahead of the schedule, but on
# a busy machine (or under a sanitizer) it runs late by any amount.
check(code == 0 and simulated >= 3655,
      f"coop chess --clock real: at least the arithmetic's 3,655 s ({line!r}, {err!r})")
code, out, err = run("chess", "--clock", "real", "--scale", "20us", "--no-os")
check(code == 0 and "43,200 s" in out and "On the real clock, which jitters" in out
      and "techniques disagree" not in err,
      f"coop chess --clock real: every technique, compared by what must agree ({code}, {err!r})")
for args, what in [
    (["--tables", "0"], "no tables"),
    (["--tables", "many"], "tables not a number"),
    (["--moves", "100000"], "too many moves"),
    (["--scale", "0s"], "zero scale"),
    (["--scale", "2s"], "scale above a second"),
    (["--master-move", "-1s"], "negative move"),
    (["--opponent-move", "5 parsecs"], "unknown unit"),
    (["--clock", "wall"], "bad clock"),
    (["--technique", "threads"], "unknown technique"),
    (["--frobnicate"], "unknown option"),
    (["--tables"], "option without a value"),
    (["--window", "5-1s"], "window backwards"),
    (["--width", "43"], "too narrow"),
    (["extra"], "stray argument"),
]:
    code, out, err = run("chess", *args)
    check(code == 2 and out == "" and "coop chess:" in err, f"coop chess {what}: exit 2, message")

# Pictures: the Chrome trace is Trace Event JSON; the timeline fits 80 columns
# and shows one master going from table to table.
import tempfile
with tempfile.TemporaryDirectory() as tmp:
    chrome = Path(tmp) / "chess.json"
    jsonl = Path(tmp) / "chess.jsonl"
    code, out, err = run("chess", "--no-os", "--timeline", "--width", "80",
                         "--chrome-trace", str(chrome), "--trace", str(jsonl))
    lines = out.splitlines()
    chart = [l for l in lines if l.startswith("table")]
    check(code == 0 and len(chart) == 24 and all(len(l) <= 80 for l in lines),
          f"coop chess --timeline: 24 rows within 80 columns ({err!r})")
    try:
        doc = json.loads(chrome.read_text())
        events = doc["traceEvents"]
        names = {e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
        slices = [e for e in events if e["ph"] == "X"]
        ok = (names == {f"table{i:02d}" for i in range(24)}
              and all(isinstance(e["ts"], int) and e["dur"] >= 0 and e["pid"] == 1 for e in slices)
              and {e["cat"] for e in slices} == {"running", "sleeping", "ready"}
              # each slice's ends may move by the order of the events in their
              # millisecond (under 1 ms: common/schedule.hpp)
              and abs(sum(e["dur"] for e in slices if e["cat"] == "running") - 24 * 30 * 5_000_000)
              < 1000 * len(slices))
    except (OSError, ValueError, KeyError) as exc:
        ok = False
        err += repr(exc)
    check(ok, f"coop chess --chrome-trace: Trace Event Format, 3,600 s of running ({err!r})")
    trace = parsed(jsonl.read_text()) if jsonl.exists() else []
    check(len([e for e in trace if e["event"] == "wait"]) == 24 * 30,
          "coop chess --trace: a wait event per opponent's move")
    code, out, err = run("run", "--timeline", "--width", "80",
                         str(scenarios / "producer-consumer.json"))
    chart = [l for l in out.splitlines() if l.startswith(("producer", "consumer"))]
    check(code == 0 and len(chart) == 2 and all(len(l) <= 80 for l in out.splitlines()),
          f"coop run --timeline: one row per task ({err!r})")

# coop cpu: every version counts the same primes; bad arguments.
code, out, err = run("cpu", "--limit", "200000", "--chunks", "4")
rows = [l.split() for l in out.splitlines() if l.startswith("  ") and l.split()]
counted = {r[0]: r[4] for r in rows if r[0] != "version"}
check(code == 0 and counted == {v: "17,984" for v in
                                ("sequential", "cooperative", "threads", "processes")}
      and "cores" in out, f"coop cpu: four versions, 17,984 primes below 200,000 ({counted}, {err!r})")
for args, what in [(["--limit", "0"], "zero limit"), (["--limit", "1e9x"], "bad limit"),
                   (["--chunks", "0"], "no chunks"), (["--chunks", "1000"], "too many chunks"),
                   (["--limit"], "no value"), (["--fast"], "unknown option"), (["x"], "stray")]:
    code, out, err = run("cpu", *args)
    check(code == 2 and out == "" and "coop cpu:" in err, f"coop cpu {what}: exit 2, message")

# coop echo: every technique's echo server against the load client.
code, out, _ = run("echo", "--help")
check(code == 0 and "usage: coop echo" in out, "coop echo --help")
check(out.split("techniques:")[1].split("\n")[0].split() == techniques,
      "coop echo --help lists the same techniques as coop run")
for args, what in [
    (["--size", "0"], "a size of 0"),
    (["--size", "-1"], "a negative size"),
    (["--size", "lots"], "a size that is not a number"),
    (["--size", "12kB"], "a size with a unit"),
    (["--size", "99999999999999999999999"], "an absurdly large size"),
    (["--connections", "0"], "no connections"),
    (["--connections", "1000000"], "too many connections"),
    (["--messages", "1.5"], "a fraction of a message"),
    (["--messages"], "--messages without a value"),
    (["--connections", "10000", "--messages", "10000"], "too many round trips"),
    (["--connections", "10000", "--size", "1000000"], "too much memory held"),
    (["--technique", "nope"], "an unknown technique"),
    (["--frobnicate"], "an unknown option"),
    (["--serve", "70000", "--technique", "callbacks"], "a port out of range"),
    (["--serve", "0"], "--serve without a technique"),
    (["--serve", "0", "--connect", "1"], "--serve with --connect"),
]:
    code, out, err = run("echo", *args)
    check(code == 2 and out == "" and err.startswith("coop echo: "),
          f"coop echo with {what}: exit 2, a message, no output (got {code}, {err.strip()!r})")

code, out, err = run("echo", "--connections", "20", "--messages", "5", "--size", "3000")
rows = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
check(code == 0 and "coop echo" not in err and sorted(rows) == sorted(techniques)
      and all(row[-1] == "0" for row in rows.values()),
      f"coop echo: a row per technique, no errors (got {code}, {err.strip()!r}, {out!r})")
code, out, err = run("echo", "--technique", "fibers-coroutine2", "--connections", "3")
check(code == 0 and len(out.splitlines()) == 3, f"coop echo --technique: one row ({code})")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


code, out, err = run("echo", "--connect", str(free_port()), "--connections", "2")
check(code == 1 and err.count("Connection refused") == 2,
      f"coop echo --connect to a closed port: exit 1, each refusal reported (got {code}, {err!r})")

# A server in a process of its own, a peer that resets mid-message, then the
# client: the server goes on serving.
server = subprocess.Popen([coop, "echo", "--serve", "0", "--technique", "generators"],
                          stdout=subprocess.PIPE, text=True)
try:
    banner = server.stdout.readline()
    port = int(banner.split("127.0.0.1:")[1].split()[0])
    with socket.create_connection(("127.0.0.1", port)) as rude:
        rude.sendall(b"half a mess")
        rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    code, out, err = run("echo", "--connect", str(port), "--connections", "10", "--messages", "5")
    check(code == 0 and "coop echo" not in err and server.poll() is None,
          f"coop echo --serve: serves the client after a peer reset (got {code}, {err!r})")
finally:
    server.kill()
    server.wait()


# A long-running server's memory stays flat: finished connection tasks are
# reclaimed. 5,000 connections one after another, then 25,000 more: the
# server's resident memory grows by less than 1 MB, in every technique.
# (Not under AddressSanitizer, whose quarantine keeps freed memory on purpose.)
def resident_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def serve_one_after_another(port, count):
    for _ in range(count):
        with socket.create_connection(("127.0.0.1", port)) as c:
            c.sendall(b"ping")
            got = b""
            while len(got) < 4:
                more = c.recv(4 - len(got))
                if not more:
                    break
                got += more
            # Close with a reset: no TIME_WAIT left behind for 30,000 ports.
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            if got != b"ping":
                return False
    return True


if b"__asan_init" in Path(coop).read_bytes():
    print("skipped: coop echo --serve memory under AddressSanitizer (its quarantine keeps freed memory)")
else:
    for technique in ["callbacks", "generators", "coroutines", "fibers"]:
        server = subprocess.Popen([coop, "echo", "--serve", "0", "--technique", technique],
                                  stdout=subprocess.PIPE, text=True)
        try:
            port = int(server.stdout.readline().split("127.0.0.1:")[1].split()[0])
            echoed = serve_one_after_another(port, 5000)
            before = resident_kib(server.pid)
            echoed = serve_one_after_another(port, 25000) and echoed
            grown = resident_kib(server.pid) - before
            check(echoed and grown < 1024,
                  f"coop echo --serve --technique {technique}: 25,000 more connections, "
                  f"resident memory grows by less than 1 MB (grew {grown} KiB)")
        finally:
            server.kill()
            server.wait()

sys.exit(checks.summary())
