#!/usr/bin/env python3
"""Every figure `coop chess`, `coop cpu` and `coop echo` print, checked against what it
must be (tests/figures.py says why for each): on the virtual clock and the
real one, at scales from 10 us to 1 s of real time per simulated second,
with other tables, moves and move lengths, and with the cooperative rows on
the real clock too.

usage: figures_test.py COOP_BINARY
Prints one line per check and a doctest-like summary line.
"""
import os
import sys
import time
import subprocess
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import Checks  # noqa: E402
import figures  # noqa: E402
from figures import Exhibition  # noqa: E402

coop = sys.argv[1]
checks = Checks()
check = checks.check


def run(*args):
    start = time.monotonic()
    p = subprocess.run([coop, *args], capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


ALL_ROWS = ["synchronous", *figures.COOPERATIVE, "threads", "processes"]
NO_OS = ["synchronous", *figures.COOPERATIVE]

# (arguments, the exhibition they ask for, the scale, the clock, the rows)
cases = [
    ([], Exhibition(), 100e-6, False, ALL_ROWS),
    (["--scale", "10us"], Exhibition(), 10e-6, False, ALL_ROWS),
    # The opponent slower than a round of the master's moves: the other
    # bound of the arithmetic (the last table's first move, then a game).
    (["--tables", "3", "--moves", "4", "--master-move", "1s", "--opponent-move", "10s",
      "--scale", "1ms"], Exhibition(3, 4, 1, 10), 1e-3, False, ALL_ROWS),
    (["--no-os", "--tables", "1000", "--moves", "5"], Exhibition(1000, 5), None, False, NO_OS),
    (["--no-os", "--tables", "1", "--moves", "1", "--master-move", "250ms",
      "--opponent-move", "1.5min"], Exhibition(1, 1, 0.25, 90), None, False, NO_OS),
    (["--clock", "real", "--scale", "20us", "--tables", "6", "--moves", "5"],
     Exhibition(6, 5), 20e-6, True, ALL_ROWS),
    # A scale of 1 s: real time is simulated time, and the bands are tight.
    (["--clock", "real", "--scale", "1s", "--tables", "2", "--moves", "2", "--master-move", "1s",
      "--opponent-move", "1s"], Exhibition(2, 2, 1, 1), 1.0, True, ALL_ROWS),
    (["--technique", "fibers", "--clock", "real", "--scale", "100us", "--tables", "4",
      "--moves", "3", "--no-os"], Exhibition(4, 3), 100e-6, True, ["synchronous", "fibers"]),
]
for args, e, scale, real, rows in cases:
    code, out, err, took = run("chess", *args)
    what = "coop chess " + " ".join(args)
    problems = figures.chess_problems(out, expected=e, scale=scale, real_clock=real, rows_shown=rows)
    check(code == 0 and not problems, f"{what}: every figure is the arithmetic's or in its band",
          f"exit {code}, {err.strip()!r}\n" + "\n".join(problems) + "\n" + out)
    # How long the command itself takes: the real-clock rows play while the
    # threads and then the processes do, so at least the longer of the two.
    if scale is not None:
        low = figures.chess_command_lower_bound(e, scale, real, "threads" in rows)
        check(took >= low, f"{what}: takes at least {low:.3f} s of real time ({took:.3f} s)")

# A scale that would make a move shorter than the clock's microsecond is
# refused, not slept as nothing.
tiny = ["--scale", "1us", "--master-move", "100ms", "--tables", "2", "--moves", "2"]
code, out, err, _ = run("chess", *tiny)
check(code == 2 and out == "" and "less than 1 us" in err,
      "coop chess --scale 1us --master-move 100ms: refused, a move would be 0.1 us", err)
code, out, err, _ = run("chess", "--no-os", *tiny)
check(code == 0 and not figures.chess_problems(out, rows_shown=NO_OS),
      "the same with --no-os: nothing runs on the real clock, so the scale does not matter", err)
code, out, err, _ = run("chess", "--scale", "100ns")
check(code == 2 and out == "" and "at least 1us" in err,
      "coop chess --scale 100ns: refused, below the clock's microsecond", err)

# The rules themselves catch what they are for: figures off by the error
# that once went unseen (a scale read in the wrong unit) are refused.
code, out, err, _ = run("chess", "--tables", "2", "--moves", "2", "--scale", "1ms")
good = figures.chess_problems(out, expected=Exhibition(2, 2), scale=1e-3, real_clock=False)
check(code == 0 and not good, "coop chess --tables 2 --moves 2 --scale 1ms: right", "\n".join(good))
for row in ("threads", "processes", "coroutines"):
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"  {row} "):
            cells = line.split()
            # Simulated time a million times too long, real time unchanged.
            lines[i] = line.replace(cells[1] + " s", f"{int(cells[1].replace(',', '')) * 10**6:,} s", 1)
    broken = figures.chess_problems("\n".join(lines), expected=Exhibition(2, 2), scale=1e-3)
    check(any(p.startswith(row) for p in broken),
          f"the rules refuse a {row} row whose simulated time is a million times too long",
          "\n".join(broken))

# coop cpu: the primes below the limit, the switches of the chunks, the
# speed-ups as the ratios of the printed times.
cores = len(os.sched_getaffinity(0))
for args, limit, chunks in [([], 3_000_000, 8), (["--limit", "100000", "--chunks", "3"], 100_000, 3),
                            (["--limit", "1", "--chunks", "1"], 1, 1)]:
    code, out, err, _ = run("cpu", *args)
    problems = figures.cpu_problems(out, limit, chunks, cores)
    check(code == 0 and not problems, f"coop cpu {' '.join(args)}: every figure",
          f"exit {code}, {err.strip()!r}\n" + "\n".join(problems) + "\n" + out)

# coop echo: MB/s from the round trips, the percentiles in order, and the
# round trips per second between what the latencies allow (tests/figures.py).
for args, n, m, size, rows in [([], 50, 200, 64, figures.COOPERATIVE),
                               (["--connections", "3", "--messages", "1000", "--size", "4096",
                                 "--technique", "fibers"], 3, 1000, 4096, ["fibers"]),
                               (["--connections", "500", "--messages", "20", "--size", "1",
                                 "--technique", "callbacks"], 500, 20, 1, ["callbacks"])]:
    code, out, err, _ = run("echo", *args)
    problems = figures.echo_problems(out, n, m, size, rows)
    check(code == 0 and not problems, f"coop echo {' '.join(args)}: every figure",
          f"exit {code}, {err.strip()!r}\n" + "\n".join(problems) + "\n" + out)
    if code == 0 and args == []:
        # The rules refuse a row a million times off, and MB/s that counts
        # each message twice.
        row = next(line for line in out.splitlines() if line.startswith("  callbacks"))
        fields = row.split()
        million = row.replace(fields[1], f"{figures.number(fields[1]) * 1e6:,.0f}", 1)
        twice = row.replace(fields[2], f"{figures.number(fields[2]) * 2:.2f}", 1)
        for broken, what in [(million, "round trips a million times over"), (twice, "MB/s counted twice")]:
            check(any(p.startswith("callbacks") for p in figures.echo_problems(out.replace(row, broken))),
                  f"coop echo: the rules refuse {what}")

sys.exit(checks.summary())
