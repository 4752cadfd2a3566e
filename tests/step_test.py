#!/usr/bin/env python3
"""`coop step` from the outside (docs/semantics.md, "Stepping through a run"):
its frames in every technique, checked against the scenario's expected
trace; its keys on a pseudo-terminal; bad input.

usage: step_test.py COOP_BINARY SCENARIO_DIR
Prints one line per check and a doctest-like summary line.
"""
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import Checks  # noqa: E402

coop, scenarios = sys.argv[1], Path(sys.argv[2])
checks = Checks()
check = checks.check


def run(*args):
    p = subprocess.run([coop, *args], capture_output=True, text=True, timeout=120,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def frames_of(out):
    """The frames of --frames output: each a list of lines, header first."""
    frames = []
    for line in out.splitlines():
        if line.startswith("=== step "):
            frames.append([line])
        elif frames and line:
            frames[-1].append(line)
    return frames


def field(frame, name):
    """The lines of a frame's field ("ready", "timers", ...): the first line
    carries the name, the ones after it are indented under it."""
    lines = []
    for line in frame[1:]:
        if line.startswith(name.ljust(9)):
            lines.append(line[9:])
        elif lines and line.startswith(" " * 9):
            lines.append(line[9:])
        elif lines:
            break
    return lines


HEADER = re.compile(r"=== step (\d+): iteration (\d+), t = (\d+) ms, "
                    r"(new iteration|I/O polled|timers due|run|out of work)(?: (.+))? ===")


def trace_shown(frame):
    """How many events the trace had at this frame, and the lines it shows."""
    for i, line in enumerate(frame):
        m = re.match(r"trace    (\d+) events?", line)
        if m:
            return int(m.group(1)), [json.loads(x) for x in frame[i + 1:] if x.startswith("  {")]
    return None, []


code, out, _ = run("run", "--help")
techniques = out.split("techniques:")[1].split("\n")[0].split()
code, out, _ = run("step", "--help")
check(code == 0 and "usage: coop step" in out, "coop step --help exits 0 with its usage")
check(out.split("techniques:")[1].split("\n")[0].split() == techniques,
      "coop step --help lists the techniques coop run does")

# --- rendezvous.json in every technique ---------------------------------------
rendezvous = scenarios / "rendezvous.json"
spec = json.loads(rendezvous.read_text())
expected = [json.loads(x) for x in (scenarios / "rendezvous.trace.jsonl").read_text().splitlines()
            if x.strip()]
outputs = {}
for t in techniques:
    code, out, err = run("step", "--frames", "20", "--technique", t, str(rendezvous))
    # (Under ASan, fibers' stderr holds ASan's warning about swapcontext.)
    check(code == 0 and out, f"coop step --frames 20 --technique {t}: exit 0", err)
    outputs[t] = out
first = techniques[0]
for t in techniques[1:]:
    check(outputs[t] == outputs[first], f"{t}'s frames are {first}'s, line for line")
out = outputs.get("coroutines", outputs[first])
check(run("step", "--frames", "20", str(rendezvous))[1] == out,
      "without --technique the frames are the coroutines technique's")

frames = frames_of(out)
check(0 < len(frames) <= 20, f"at most 20 frames ({len(frames)})")
check([int(HEADER.match(f[0]).group(1)) if HEADER.match(f[0]) else None for f in frames]
      == list(range(1, len(frames) + 1)), "every frame has a header, numbered from 1")
check(out.rstrip().endswith(f"=== the run is over: all ended, {len(expected)} trace events ==="),
      "after the last frame: the run is over, with the expected trace's length",
      out.rstrip().splitlines()[-1])

# The trace each frame shows is a prefix of the expected trace, growing.
counts = []
for f in frames:
    n, shown = trace_shown(f)
    counts.append(n)
    check(n is not None and shown == expected[n - len(shown):n] and len(shown) == min(n, 8),
          f"frame {f[0]}: its trace lines are the expected trace's events "
          f"{n - len(shown) + 1 if n else 0} to {n}", "\n".join(f))
check(counts == sorted(counts), "the trace only grows from frame to frame")

# The tasks the loop runs, in order, are the tasks that start or resume in
# the expected trace; each runs at the time the trace says.
runs = [(HEADER.match(f[0]).group(5), int(HEADER.match(f[0]).group(3)), trace_shown(f)[0])
        for f in frames if HEADER.match(f[0]) and HEADER.match(f[0]).group(4) == "run"]
goes_on = [(e["task"], e["t"]) for e in expected if e["event"] in ("start", "resume")]
check([(task, t) for task, t, _ in runs] == goes_on,
      "the tasks run, in order and at their times, are the expected trace's starts and resumes",
      f"{runs} vs {goes_on}")
check(all(expected[n]["task"] == task and expected[n]["event"] in ("start", "resume")
          for task, _, n in runs if n < len(expected)),
      "at each run step, the next event of the trace is that task's start or resume")

# The first iteration: every task is ready, in file order; then the first
# runs while the other waits its turn in the same iteration.
names = [t["name"] for t in spec["tasks"]]
f1, f2 = frames[0], frames[1]
check(f1[0] == "=== step 1: iteration 1, t = 0 ms, new iteration ===", "frame 1's header", f1[0])
check(field(f1, "ready") == [", ".join(names)] and field(f1, "running") == [],
      "frame 1: every task in the ready queue, in file order", "\n".join(f1))
check(f2[0] == f"=== step 2: iteration 1, t = 0 ms, run {names[0]} ===", "frame 2's header",
      f2[0])
check(field(f2, "running") == [f"{names[0]}, at its start"], "frame 2: the first task starts")
check(field(f2, "ready") == [", ".join(names[1:])],
      "frame 2: the ready queue holds the rest, in order", "\n".join(f2))
check(field(f2, "timers") == ["-"] and field(f2, "waiting") == ["-"],
      "frame 2: no timers and no one waiting")

# a's first operation is a send on a rendezvous channel that no one receives
# yet: from the third frame on, a waits there.
a_op = spec["tasks"][0]["ops"][0]
send = f'send "{a_op[1]}" {a_op[2]}'
f3 = frames[2]
check(field(f3, "waiting") == [f"{names[0]}: {send}, at op 1 ({send})"],
      "frame 3: the first task waits to send, at its op 1", "\n".join(f3))

# b sleeps first: its timer is shown, due at the time of b's resume in the
# expected trace, until the loop's timers-due step moves b to the ready queue.
b_sleep_ms = spec["tasks"][1]["ops"][0][1]
b_resume = next(e for e in expected if e["task"] == names[1] and e["event"] == "resume")
due = [i for i, f in enumerate(frames) if HEADER.match(f[0]).group(4) == "timers due"]
check(len(due) == 1 and due[0] > 0, "one timers-due step, after the first frame")
if due:
    before, at = frames[due[0] - 1], frames[due[0]]
    check(field(before, "timers") == [f"at {b_sleep_ms} ms: {names[1]} (seq 0)"],
          "before the timers-due step: the sleeping task's timer, at its deadline",
          "\n".join(before))
    check(HEADER.match(at[0]).group(3) == str(b_resume["t"]) and field(at, "timers") == ["-"]
          and field(at, "ready") == [names[1]],
          "the timers-due step: the clock at the resume's time, the task in the ready queue",
          "\n".join(at))
    after = frames[due[0] + 1]
    check(field(after, "running") == [f"{names[1]}, at op 1 (sleep {b_sleep_ms})"],
          "the woken task goes on at its sleep, op 1", "\n".join(after))
last = frames[-1]
check(HEADER.match(last[0]).group(4) == "out of work" and field(last, "waiting") == ["-"],
      "the last frame: out of work, no one waiting")

# --frames N prints N frames of a longer run, and no ending.
code, out, _ = run("step", "--frames", "3", str(rendezvous))
check(code == 0 and len(frames_of(out)) == 3 and "=== the run is over" not in out,
      "--frames 3: three frames, no ending")

# A stalled run: the waiting tasks and what they wait on, at the end.
deadlock = json.loads((scenarios / "deadlock.json").read_text())
stalled = [json.loads(x) for x in (scenarios / "deadlock.trace.jsonl").read_text().splitlines()
           if x.strip()][-1]
code, out, _ = run("step", "--frames", "10000", str(scenarios / "deadlock.json"))
waiting = field(frames_of(out)[-1], "waiting") if frames_of(out) else []
first_ops = {t["name"]: t["ops"][0] for t in deadlock["tasks"]}
check(code == 0 and [w.split(":")[0] for w in waiting] == stalled["tasks"]
      and all(f'recv "{first_ops[w.split(":")[0]][1]}", at op 1' in w for w in waiting)
      and "=== the run is over: stalled" in out,
      "deadlock.json: at the end the stalled tasks wait on their first recv, and the run stalled",
      "\n".join(waiting))

# --- the frame cap ------------------------------------------------------------
with tempfile.TemporaryDirectory() as tmp:
    long_run = Path(tmp) / "long.json"
    long_run.write_text(json.dumps({"tasks": [{"name": "spin", "ops": [
        ["repeat", 20000, [["sleep", 0]]]]}]}))
    code, out, _ = run("step", "--frames", "10000", str(long_run))
    check(code == 0 and len(frames_of(out)) == 10000 and "=== the run is over" not in out,
          "a run of 20,000 steps: --frames 10000 prints 10,000 frames")

    # Long names (the loader refuses control characters in names) and a log
    # text that would set the terminal's title: shown escaped and cut.
    hostile = Path(tmp) / "hostile.json"
    hostile.write_text(json.dumps({"channels": {"c" * 5000: 0}, "tasks": [
        {"name": "t" * 5000, "ops": [["recv", "c" * 5000]]},
        {"name": "x" * 5000, "ops": [["log", "\x1b]0;title\x07" + "l" * 5000]]}]}))
    code, out, _ = run("step", "--frames", "100", str(hostile))
    check(code == 0 and "\x1b" not in out and max(len(line) for line in out.splitlines()) < 400,
          "hostile names and texts: no escape character reaches the screen, every line short",
          f"longest line {max(len(line) for line in out.splitlines()) if out else 0}")

    # --- on a terminal: keys, and the terminal given back -----------------------
    def on_terminal(keys, scenario=rendezvous, stop=None):
        """Runs coop step on a pseudo-terminal, typing `keys` one by one (a
        key that is a function is called instead, with the process, the
        terminal and the screen so far); returns the exit status, the
        screen output, and whether the terminal's modes are as they were."""
        master, slave = os.openpty()
        before = termios.tcgetattr(slave)
        p = subprocess.Popen([coop, "step", str(scenario)], stdin=slave, stdout=slave,
                             stderr=slave, start_new_session=True)
        output = b""

        def read_for(seconds):
            nonlocal output
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                ready, _, _ = select.select([master], [], [], 0.05)
                if ready:
                    try:
                        output += os.read(master, 65536)
                    except OSError:
                        return
        read_for(1.0)
        for k in keys:
            if callable(k):
                k(p, slave, output)
            else:
                os.write(master, k.encode())
            read_for(0.2)
        if stop is not None:
            p.send_signal(stop)
        try:
            status = p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            status = p.wait()
        read_for(0.2)
        restored = termios.tcgetattr(slave)[3] == before[3]
        os.close(master)
        os.close(slave)
        return status, output.decode(errors="replace"), restored

    status, screen, restored = on_terminal([" ", "\r", "b", "g", "5", "\r", "q"])
    check(status == 0 and restored, "on a terminal: q quits with status 0, terminal modes restored")
    shown = re.findall(r"step (\d+) of (\d+)", screen)
    check([int(s) for s, _ in shown] == [1, 2, 3, 2, 5],
          "Enter/space next, b back, g 5 goes to step 5", str(shown))
    check(screen.rstrip().endswith("\x1b[?1049l") or "\x1b[?1049l" in screen[-40:],
          "on quitting the screen is given back (alternate screen left)")

    # e N: the step whose action writes trace event N, the task about to
    # write it running there; checked against the frames of --frames.
    _, all_frames, _ = run("step", "--frames", "10000", str(rendezvous))
    _, trace_out, _ = run("run", str(rendezvous))
    events = [json.loads(line) for line in trace_out.splitlines()]
    frames_all = frames_of(all_frames)
    counts = [trace_shown(f)[0] for f in frames_all]
    for n in (1, 4, len(events)):
        first_holding = next((i for i, c in enumerate(counts) if c >= n), len(counts))
        writer = first_holding - 1
        status, screen, restored = on_terminal(["e"] + list(str(n)) + ["\r", "q"])
        shown = [int(s) for s, _ in re.findall(r"step (\d+) of (\d+)", screen)]
        header = HEADER.match(frames_all[writer][0]) if 0 <= writer < len(frames_all) else None
        check(status == 0 and restored and shown == [1, writer + 1] and header is not None
              and header.group(5) == events[n - 1].get("task"),
              f"e {n}: goes to the step that writes trace event {n}, its task running there",
              f"shown {shown}, expected step {writer + 1}, event {events[n - 1]}")
    status, screen, _ = on_terminal(["e", "9", "9", "9", "\r", "q"])
    shown = [int(s) for s, _ in re.findall(r"step (\d+) of (\d+)", screen)]
    check(status == 0 and "(no such event)" in screen and shown == [1, 1],
          "e with a number past the trace's end: no such event, the step stays")

    # Ctrl-Z: stopped, with the terminal as it was; after SIGCONT (fg) the
    # screen is drawn again and the keys work.
    seen = {}

    def ctrl_z(p, tty, screen):
        p.send_signal(signal.SIGTSTP)
        time.sleep(0.5)
        with open(f"/proc/{p.pid}/stat") as f:
            seen["stopped"] = f.read().rsplit(")", 1)[1].split()[0] == "T"
        seen["raw while stopped"] = not termios.tcgetattr(tty)[3] & termios.ICANON
        seen["drawn"] = screen.count(b"step 2 of")

    def fg(p, tty, screen):
        p.send_signal(signal.SIGCONT)

    status, screen, restored = on_terminal([" ", ctrl_z, fg, " ", "q"])
    check(seen.get("stopped") and not seen.get("raw while stopped"),
          "Ctrl-Z (SIGTSTP) while stepping: stopped, the terminal's modes given back while it is",
          str(seen))
    check(screen.count("step 2 of") > seen.get("drawn", 0) and "step 3 of" in screen
          and status == 0 and restored,
          "after SIGCONT the step is drawn again and the keys go on; q quits, modes restored",
          f"status {status}, restored {restored}, seen {seen}")

    status, screen, restored = on_terminal(["\r"], stop=signal.SIGTERM)
    check(status == -signal.SIGTERM and restored,
          "SIGTERM while stepping: the terminal's modes restored, then the signal ends it",
          f"status {status}")

    status, screen, restored = on_terminal(["g", "9", "9", "9", "9", "9", "\r", "g", "1", "0",
                                            "0", "0", "0", "\r", "q"], scenario=long_run)
    check(status == 0 and "(no such step)" in screen
          and "stopped after 10,000 steps: only that many frames are kept" in screen,
          "on a terminal, a run of 20,000 steps keeps 10,000 frames and says so")

# --- coop chess --step: the hand-written exhibitions, stepped ---------------------
chess_out = {}
for t in techniques:
    code, out, err = run("chess", "--step", "--frames", "10000", "--technique", t)
    chess_out[t] = out
    check(code == 0 and out.rstrip().endswith("=== the run is over: all ended, 768 trace events ==="),
          f"coop chess --step --frames 10000 --technique {t}: every step, to the end of the "
          "768 events coop chess counts", err or out[-300:])
check(all(chess_out[t] == chess_out[first] for t in techniques),
      "coop chess --step: the frames are the same in every technique, line for line")
chess_frames = frames_of(chess_out[first])
tables = [f"table{i:02d}" for i in range(24)]
check(chess_frames and field(chess_frames[0], "ready") == [", ".join(tables)]
      and field(chess_frames[1], "running") == ["table00, at its start"],
      "coop chess --step: every table ready at first, table00 starts",
      "\n".join(chess_frames[0] if chess_frames else []))
# The master thinks 5 s at each table: the third step (the second table's
# start) comes 5 s after the first, table00's timer at 5 + 55 s.
check(len(chess_frames) > 2 and HEADER.match(chess_frames[2][0]).group(3) == "5000"
      and field(chess_frames[2], "timers") == ["at 60000 ms: table00 (seq 0)"],
      "coop chess --step: after the master's first move, table00 sleeps until 60 s",
      "\n".join(chess_frames[2] if len(chess_frames) > 2 else []))
code, out, _ = run("chess", "--step", "--frames", "2", "--tables", "2")
check(code == 0 and len(frames_of(out)) == 2 and "the run is over" not in out,
      "coop chess --step --frames 2: two frames, no ending")
for args, says in [
    (["chess", "--step"], "needs a terminal"),
    (["chess", "--frames", "5"], "--frames goes with --step"),
    (["chess", "--step", "--frames", "0"], "from 1 to 10,000"),
    (["chess", "--step", "--frames", "5", "--clock", "real"], "leave out --clock real"),
    (["chess", "--step", "--frames", "5", "--timeline"], "the picture options"),
]:
    code, out, err = run(*args)
    check(code == 2 and out == "" and says in err,
          f"coop {' '.join(args)}: exit 2, says '{says}'", err)

# --- bad input ----------------------------------------------------------------
tt = str(scenarios / "timer-ties.json")
for args, what, says in [
    (["step"], "no file", "no scenario file"),
    (["step", "--frames"], "--frames without a value", "--frames needs a value"),
    (["step", "--frames", "0", tt], "--frames 0", "--frames is a number"),
    (["step", "--frames", "10001", tt], "--frames past the cap", "from 1 to 10,000"),
    (["step", "--frames", "x", tt], "--frames x", "not 'x'"),
    (["step", "--frames", "5", "--technique", "nope", tt], "unknown technique", "known: "),
    (["step", "--technique"], "--technique without a value", "needs a value"),
    (["step", "--frobnicate", tt], "unknown option", "unknown option '--frobnicate'"),
    (["step", "--frames", "5", "a.json", "b.json"], "two files", "one scenario file at a time"),
    (["step", "--frames", "5", "/nonexistent/x.json"], "missing file", "/nonexistent/x.json"),
    ([ "step", tt], "no terminal and no --frames", "needs a terminal"),
]:
    code, out, err = run(*args)
    check(code == 2 and out == "" and says in err and "coop step" in err,
          f"coop step, {what}: exit 2, says '{says}', prints nothing", err)
for bad in sorted((scenarios / "invalid").glob("*.json")):
    code, out, err = run("step", "--frames", "5", str(bad))
    run_code, _, run_err = run("run", str(bad))
    check(code == 2 and out == "" and err.replace("coop step:", "coop run:") == run_err,
          f"coop step, invalid/{bad.name}: exit 2 with coop run's message", err)

sys.exit(checks.summary())
