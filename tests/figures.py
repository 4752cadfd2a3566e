"""What every figure coop shows a person must be, worked out from first
principles: the arithmetic of the exhibition, the primes below a number,
the rounding of a printed value. Each rule says beside it why it holds.

A figure that is measured (real time, memory, the OS's context switches)
cannot be predicted exactly, so its rule is a band, and the band's reason is
written beside it. Nothing here is skipped: a row that "varies" still has to
lie in its band, and the docs test (tests/docs_test.py) holds the figures the
docs quote to the same rules.

The functions take a command's output (or a transcript in the docs), read
its table and return a list of problems, each a sentence naming the row, the
column, what it shows and what it must be. An empty list: every figure is
right.
"""
import math
import re

# --- the bands: how far a measured figure may stray, and why ---------------

# A blocking sleep, a wake-up of a thread waiting for a mutex, or a loop's
# wait for its next timer ends late: the OS has to notice the deadline and
# put the sleeper back on a core. Measured on a quiet 2-core machine about
# 0.1 ms each (docs/comparisons.md); 1 ms on average allows a loaded CI
# machine running two sanitizer builds' tests at once.
LATENESS_S = 1e-3

# A run on the virtual clock sleeps for nothing: its real time is the work
# of its task switches. A switch costs 10 to 100 ns in the optimized build
# (docs/performance.md); 100 us each allows a -O0 build under sanitizers on
# a loaded machine, and 200 ms more its set-up (mapping fibers' stacks,
# starting the loop).
VIRTUAL_SWITCH_S = 100e-6
VIRTUAL_SETUP_S = 0.2

# A task of the cooperative versions holds a record, its frame or stack
# bookkeeping and its name on the heap: more than 64 bytes (a few pointers
# and a name), and less than 4 KiB (a page) in every technique
# (docs/performance.md measures 200 to 400 B).
TASK_HEAP_MIN = 64
TASK_HEAP_MAX = 4096

# Once in a process, the first fibers runtime gives the signal handler that
# reports a stack overflow a stack of its own: 64 KiB on the heap
# (fibers/stack.cpp, install_stack_overflow_reporter), and a few KiB of
# bookkeeping with it.
FIBERS_ONCE = 80 * 1024

# A process of `coop chess` is a fork of coop: its resident set holds at
# least the pages its play touches (its stack, the code it runs: more than
# 128 KiB), and at most what an ASan build maps for it (64 MiB).
PROCESS_RSS_MIN = 128 * 1024
PROCESS_RSS_MAX = 64 * 1024 * 1024

# The heap a thread's row adds to the threads' stacks: std::thread's state
# and the vector of threads, a few hundred bytes a table; 64 KiB a table is
# far above it.
THREAD_HEAP_MAX = 64 * 1024


# Two separate timings of the same computation differ by the machine's
# noise: caches and pages first touched, threads and processes started, other
# programs on the cores. 20% of the time, and 2 ms on top for short runs.
CPU_NOISE_FRACTION = 0.2
CPU_NOISE_S = 2e-3

# --- reading printed numbers -------------------------------------------------

UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0}
BYTES = {"B": 1, "KiB": 1024, "MiB": 1024 ** 2, "GiB": 1024 ** 3}


def number(text):
    return float(text.replace(",", ""))


def seconds(text):
    """'5 s', '100 us', '1.5 min', '100us' -> seconds."""
    m = re.fullmatch(r"\s*([0-9.,]+)\s*([a-zµ]+)\s*", text)
    if not m or m.group(2) not in UNITS:
        raise ValueError(f"not a duration: {text!r}")
    return number(m.group(1)) * UNITS[m.group(2)]


def size(text):
    """'8.8 KiB' -> (bytes, the rounding of the printed value in bytes)."""
    value, unit = text.split()
    step = BYTES[unit] * (1 if unit == "B" else 0.1)
    return number(value) * BYTES[unit], step / 2


# --- the chess exhibition ------------------------------------------------------

class Exhibition:
    """The arithmetic of common/chess.hpp, written again from the story."""

    def __init__(self, tables=24, moves=30, master=5.0, opponent=55.0):
        self.tables, self.moves, self.master, self.opponent = tables, moves, master, opponent

    def synchronous(self):
        # One game after another: the master waits at each table for every answer.
        return self.tables * self.moves * (self.master + self.opponent)

    def asynchronous(self):
        # One master walking from table to table. Two lower bounds, and the
        # round-robin schedule meets the larger:
        # - her moves are one after another: tables x moves x master, and
        #   after her last one its opponent answers;
        # - the last table she first comes to waits (tables - 1) of her moves,
        #   then plays a whole game.
        return max(self.tables * self.moves * self.master + self.opponent,
                   (self.tables - 1) * self.master + self.moves * (self.master + self.opponent))

    def parallel(self):
        # A master per table: one game.
        return self.moves * (self.master + self.opponent)

    def switches(self):
        # Each table's task starts once and is resumed after each answer.
        return self.tables * (self.moves + 1)

    def blocking_calls_on_the_path(self):
        # The longest chain of waits one after another: every master move
        # (tables x moves), each table's answers (moves), the starts (tables).
        return self.tables * self.moves + self.moves + self.tables


def read_chess(output):
    """The exhibition, the scale, the clock and the rows of `coop chess`."""
    info = {"rows": {}}
    m = re.search(r"The chess exhibition: ([\d,]+) tables?, ([\d,]+) move pairs? a game;\s*"
                  r"the master moves in ([^,]+), each opponent in ([^.]+?)\.\n", output)
    if not m:
        raise ValueError("no header 'The chess exhibition: N tables, ...'")
    info["exhibition"] = Exhibition(int(number(m.group(1))), int(number(m.group(2))),
                                    seconds(m.group(3)), seconds(m.group(4)))
    m = re.search(r"one simulated second = ([^.]+?)\.\n", output)
    info["scale"] = seconds(m.group(1)) if m else None
    info["real_clock"] = "Real clock for every row but the synchronous one" in output
    row = re.compile(r"^  (\S+)\s+([\d,]+) s\s+([\d.]+) ms\s+([\d,]+)\s+([\d.]+ (?:B|KiB|MiB|GiB))\s*$")
    for line in output.splitlines():
        r = row.match(line)
        if r:
            info["rows"][r.group(1)] = {
                "simulated": number(r.group(2)), "real": number(r.group(3)) / 1000,
                "switches": int(number(r.group(4))), "memory": size(r.group(5)),
            }
    m = re.search(r"fibers\s+\(([\d.]+ \w+) each\) and threads \(([\d.]+ \w+) each", output)
    if m:
        info["fiber_stack"], info["thread_stack"] = size(m.group(1))[0], size(m.group(2))[0]
    m = re.search(r"The arithmetic: ([\d,]+) s one game after another, ([\d,]+) s with one "
                  r"master\s+walking from table to table, ([\d,]+) s with a master per table", output)
    if m:
        info["arithmetic"] = tuple(number(g) for g in m.groups())
    return info


COOPERATIVE = ("callbacks", "generators", "coroutines", "fibers", "fibers-coroutine2")


def chess_problems(output, expected=None, scale=None, real_clock=None, rows_shown=None,
                   partial=False, stacks=None):
    """Every figure of a `coop chess` table against what it must be.
    `expected` (an Exhibition), `scale` (seconds of real time per simulated
    second) and `real_clock` are what the command was asked for: the header
    must say the same. `rows_shown`: the rows the command must print (all of
    them when None: the five cooperative versions and, unless --no-os, the
    threads and the processes). `partial`: a transcript cut short ("...")
    may leave out the arithmetic line; `stacks` (a fiber's and a thread's
    stack, in bytes) then stands for the footnote it leaves out."""
    problems = []

    def must(ok, text):
        if not ok:
            problems.append(text)

    try:
        info = read_chess(output)
    except (ValueError, AttributeError) as err:
        return [f"the output is not a chess table: {err}"]
    e = info["exhibition"]
    if stacks is not None and "fiber_stack" not in info:
        info["fiber_stack"], info["thread_stack"] = stacks
    if expected is not None:
        must((e.tables, e.moves, e.master, e.opponent) ==
             (expected.tables, expected.moves, expected.master, expected.opponent),
             f"the header says {e.tables} tables, {e.moves} moves, {e.master} s and {e.opponent} s; "
             f"asked for {expected.tables}, {expected.moves}, {expected.master} s, {expected.opponent} s")
    if scale is not None and info["scale"] is not None:
        must(math.isclose(info["scale"], scale, rel_tol=1e-9),
             f"the header says one simulated second = {info['scale']} s; asked for {scale} s")
    if real_clock is not None:
        must(info["real_clock"] == real_clock, f"the header's clock is not the one asked for")
    rows = info["rows"]
    if rows_shown is not None:
        must(sorted(rows) == sorted(rows_shown), f"rows {sorted(rows)}; expected {sorted(rows_shown)}")
    must("synchronous" in rows, "no synchronous row")

    # The arithmetic line is the story's arithmetic.
    if "arithmetic" in info or partial:
        want = (round(e.synchronous()), round(e.asynchronous()), round(e.parallel()))
        must(info.get("arithmetic", want) == want,
             f"the arithmetic line says {info.get('arithmetic')}; the story gives {want}")
    else:
        problems.append("no arithmetic line")

    scale = info["scale"]
    lateness = LATENESS_S / scale if scale else None  # simulated seconds per late call

    def real_matches_simulated(name, r, setup=0.0):
        # On the real clock the simulated time is the real time divided by
        # the scale: the two printed figures must agree, within their rounding
        # (the simulated to 0.5 s, the real to 0.005 ms). A cooperative row's
        # simulated time is its loop's clock at the end, and its real time is
        # measured around the run, so that also holds the loop's set-up.
        slack = 0.5 * scale + 0.005e-3 + 1e-9
        must(-slack <= r["real"] - r["simulated"] * scale <= setup + slack,
             f"{name}: {r['simulated']:,.0f} s at {scale * 1e6:g} us per second is "
             f"{r['simulated'] * scale * 1e3:.2f} ms, but the real column says {r['real'] * 1e3:.2f} ms")

    def within(name, value, low, high, what):
        must(low <= value <= high,
             f"{name}: {what} {value:,.0f}, outside [{low:,.0f}, {high:,.0f}]")

    for name, r in rows.items():
        mem, mem_rounding = r["memory"]
        if name == "synchronous":
            # Played on the virtual clock, one busy wait after another.
            must(r["simulated"] == round(e.synchronous()),
                 f"synchronous: {r['simulated']:,.0f} s; one game after another is {e.synchronous():,.0f} s")
            must(r["switches"] == 0 and mem == 0, "synchronous: no switches and no memory")
            must(r["real"] <= VIRTUAL_SETUP_S, f"synchronous: {r['real']} s of real time on the virtual clock")
        elif name in COOPERATIVE:
            # The switches are the story's on either clock (a real-clock run
            # is checked to make as many).
            must(r["switches"] == e.switches(),
                 f"{name}: {r['switches']:,} switches; {e.tables} tables x ({e.moves} + 1) is {e.switches():,}")
            if info["real_clock"]:
                # At least the arithmetic (a sleep never ends early), at most
                # every call on the path late by LATENESS_S.
                within(name, r["simulated"], e.asynchronous() - 0.5,
                       e.asynchronous() + e.blocking_calls_on_the_path() * lateness + 0.5,
                       "simulated seconds on the real clock")
                real_matches_simulated(name, r, VIRTUAL_SETUP_S)
            else:
                must(r["simulated"] == round(e.asynchronous()),
                     f"{name}: {r['simulated']:,.0f} s; one master walking from table to table is "
                     f"{e.asynchronous():,.0f} s")
                must(r["real"] <= VIRTUAL_SETUP_S + e.switches() * VIRTUAL_SWITCH_S,
                     f"{name}: {r['real'] * 1e3:.2f} ms of real time for {e.switches():,} switches on "
                     f"the virtual clock")
            fibers = name.startswith("fibers")
            stacks = e.tables * info.get("fiber_stack", 0) if fibers else 0
            once = FIBERS_ONCE if fibers else 0
            within(name, mem, stacks + e.tables * TASK_HEAP_MIN - mem_rounding,
                   stacks + e.tables * TASK_HEAP_MAX + once + mem_rounding, "bytes of memory")
        elif name == "threads":
            # The threads share one master (a mutex): at least the one
            # master's schedule, at most each blocking call on the path late.
            within(name, r["simulated"], e.asynchronous() - 0.5,
                   e.asynchronous() + e.blocking_calls_on_the_path() * lateness + 0.5,
                   "simulated seconds")
            real_matches_simulated(name, r)
            # Every sleep blocks (a voluntary switch): 2 per move pair at
            # each table. At most one more per move for the mutex, and as
            # many again for preemptions and the thread's start and end.
            calls = 2 * e.tables * e.moves
            within(name, r["switches"], calls, 2 * calls + 4 * e.tables, "context switches")
            stacks = e.tables * info.get("thread_stack", 0)
            within(name, mem, stacks - mem_rounding, stacks + e.tables * THREAD_HEAP_MAX + mem_rounding,
                   "bytes of memory (the threads' stacks and the heap)")
        elif name == "processes":
            # A master per table: at least one game, at most its calls late,
            # and the processes started one after another (one call each).
            within(name, r["simulated"], e.parallel() - 0.5,
                   e.parallel() + (2 * e.moves + e.tables) * lateness + 0.5, "simulated seconds")
            real_matches_simulated(name, r)
            calls = 2 * e.tables * e.moves
            within(name, r["switches"], calls, 2 * calls + 4 * e.tables, "context switches")
            within(name, mem, e.tables * PROCESS_RSS_MIN - mem_rounding,
                   e.tables * PROCESS_RSS_MAX + mem_rounding, "bytes of resident memory")
        else:
            problems.append(f"a row no rule knows: {name}")
    return problems


# --- coop cpu -----------------------------------------------------------------

def primes_below(n):
    """The number of primes below n, by the sieve of Eratosthenes."""
    if n < 3:
        return 0
    sieve = bytearray([1]) * n
    sieve[0:2] = b"\x00\x00"
    for p in range(2, math.isqrt(n - 1) + 1):
        if sieve[p]:
            sieve[p * p::p] = bytearray(len(range(p * p, n, p)))
    return sum(sieve)


def split_range(limit, chunks):
    """[0, limit) cut into `chunks` ranges at limit * i / chunks, as
    common/primes.cpp does."""
    return [(limit * i // chunks, limit * (i + 1) // chunks) for i in range(chunks)]


def cpu_problems(output, limit=3_000_000, chunks=8, cores=None):
    problems = []

    def must(ok, text):
        if not ok:
            problems.append(text)

    m = re.search(r"counting the primes below ([\d,]+) in (\d+) chunks\.\nThis machine has (\d+) cores?",
                  output)
    if not m:
        return ["no header 'CPU-bound work: counting the primes below N in N chunks'"]
    must((number(m.group(1)), int(m.group(2))) == (limit, chunks),
         f"the header says {m.group(1)} in {m.group(2)} chunks; asked for {limit:,} in {chunks}")
    shown_cores = int(m.group(3))
    if cores is not None:
        must(shown_cores == cores, f"the header says {shown_cores} cores; this machine has {cores}")
    rows = {}
    for r in re.finditer(r"^  (\S+)\s+([\d.]+) ms\s+([\d.]+)x\s+([\d,]+)  (.*)$", output, re.M):
        rows[r.group(1)] = (number(r.group(2)) / 1000, number(r.group(3)), number(r.group(4)), r.group(5))
    must(sorted(rows) == ["cooperative", "processes", "sequential", "threads"],
         f"rows {sorted(rows)}")
    primes = primes_below(limit)
    ranges = split_range(limit, chunks)
    for name, (took, speedup, count, how) in rows.items():
        must(count == primes, f"{name}: {count:,.0f} primes; below {limit:,} there are {primes:,}")
        # The speed-up is the sequential time over this row's, within the
        # rounding of the printed times (0.05 ms) and of the ratio (0.005).
        seq = rows.get("sequential", (took,))[0]
        if took > 0 and seq > 0:
            low = (seq - 0.05e-3) / (took + 0.05e-3)
            high = (seq + 0.05e-3) / max(took - 0.05e-3, 1e-9)
            must(low - 0.005 <= speedup <= high + 0.005,
                 f"{name}: speed-up {speedup}x, but {seq * 1e3:.1f} ms / {took * 1e3:.1f} ms is "
                 f"{seq / took:.2f}x")
        if name == "sequential":
            must(speedup == 1.0, "sequential: a speed-up of 1.00x over itself")
        elif name == "cooperative":
            # The tasks take turns on one thread: switching only adds work,
            # so the count takes at least the sequential time, less the
            # noise of two separate measurements (CPU_NOISE_S).
            must(took >= seq * (1 - CPU_NOISE_FRACTION) - CPU_NOISE_S,
                 f"cooperative: {took * 1e3:.1f} ms on one thread, less than the sequential "
                 f"{seq * 1e3:.1f} ms")
            # Each chunk's task starts, and is resumed after each yield: it
            # yields after every 10,000 numbers of its range.
            switches = sum(math.ceil((b - a) / 10_000) + 1 for a, b in ranges)
            s = re.search(r"\(([\d,]+) switches\)", how)
            must(s is not None and number(s.group(1)) == switches,
                 f"cooperative: '{how}'; {chunks} chunks yielding every 10,000 numbers make "
                 f"{switches:,} switches")
        else:
            # No more than one core per chunk, and no more cores than there
            # are: at least the sequential time shared among them.
            ways = min(shown_cores, chunks)
            must(took >= seq / ways * (1 - CPU_NOISE_FRACTION) - CPU_NOISE_S,
                 f"{name}: {took * 1e3:.1f} ms, less than the sequential {seq * 1e3:.1f} ms "
                 f"shared by {ways} cores")
    return problems


def chess_command_bounds(e, scale, real_clock, with_os):
    """(at least, at most) the seconds of real time `coop chess` takes. The
    cooperative rows on the real clock play (in child processes) while the
    threads and then the processes do; on the virtual clock they take next
    to nothing (VIRTUAL_SETUP_S). Each real-clock run is its arithmetic
    times the scale, plus each blocking call on its path late by at most
    LATENESS_S."""
    calls = e.blocking_calls_on_the_path()
    cooperative = (e.asynchronous() * scale, e.asynchronous() * scale + calls * LATENESS_S)
    threads = cooperative
    processes = (e.parallel() * scale, e.parallel() * scale + (2 * e.moves + e.tables) * LATENESS_S)
    low = high = 0.0
    if with_os:
        low, high = threads[0] + processes[0], threads[1] + processes[1]
    if real_clock:
        low, high = max(low, cooperative[0]), max(high, cooperative[1])
    # The virtual-clock rows, the start of the program and of its children.
    return low, high + 6 * VIRTUAL_SETUP_S


def chess_command_lower_bound(e, scale, real_clock, with_os):
    return chess_command_bounds(e, scale, real_clock, with_os)[0]


# How long `coop echo` may spend outside the round trips it times: opening
# every connection (a connect and an accept each) and closing them. Measured
# about 10 ms for 1,000 connections on a 2-core machine; 0.5 s allows a
# loaded CI machine and 10,000 connections.
ECHO_SETUP_S = 0.5


def echo_problems(output, connections=None, messages=None, size=None, techniques=None):
    """Every figure of `coop echo`'s table. Each connection has one message
    in flight, so its M round trips follow one another: the run lasts at
    least M times the mean latency, and at most M times the largest one
    plus the setup. Round trips per second are N x M over that time.
    Without the run's sizes and techniques (a table quoted in the docs),
    those its header and rows name are checked."""
    problems = []

    def must(ok, text):
        if not ok:
            problems.append(text)

    m = re.search(r"coop echo: ([\d,]+) connections? x ([\d,]+) messages? x ([\d,]+) bytes?", output)
    if not m:
        return ["no header 'coop echo: N connections x M messages x S bytes'"]
    header = tuple(int(number(g)) for g in m.groups())
    if connections is None:  # a table quoted in the docs: the run its header names
        connections, messages, size = header
    must(header == (connections, messages, size),
         f"the header says {header}; asked for {(connections, messages, size)}")
    rows = {}
    for r in re.finditer(r"^  (\S+)\s+([\d,]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)"
                         r"\s+(\d+)$", output, re.M):
        rows[r.group(1)] = [number(g) for g in r.groups()[1:]]
    if techniques is not None:
        must(list(rows) == list(techniques), f"rows {list(rows)}; asked for {list(techniques)}")
    must(rows, "no row of figures under the header")
    trips = connections * messages
    for name, (per_s, mb_s, p50, p90, p99, top, errors) in rows.items():
        must(errors == 0, f"{name}: {errors:.0f} errors in a run that exited 0")
        # MB/s counts each message once: round trips/s x bytes / 10^6, within
        # the rounding of the printed round trips (0.5) and of MB/s (0.005).
        mb = per_s * size / 1e6
        must(abs(mb_s - mb) <= 0.005 + 0.5 * size / 1e6 + 1e-9,
             f"{name}: {mb_s} MB/s, but {per_s:,.0f} round trips/s x {size} bytes is {mb:.2f} MB/s")
        must(p50 <= p90 <= p99 <= top,
             f"{name}: percentiles out of order: p50 {p50}, p90 {p90}, p99 {p99}, max {top}")
        # The mean latency is at least half the median (half the round trips
        # took p50 or more), a tenth of p90 and a hundredth of p99; the
        # latencies are measured on the loop's clock, in whole microseconds,
        # so each may be up to 0.5 us off.
        mean_low = max(0.5 * p50, 0.1 * p90, 0.01 * p99, top / trips) - 0.5
        if mean_low > 0:
            most = connections / (mean_low * 1e-6)
            must(per_s <= most * 1.0001 + 0.5,
                 f"{name}: {per_s:,.0f} round trips/s, but {connections} connections with one "
                 f"message each in flight and a mean latency of at least {mean_low:.1f} us make "
                 f"at most {most:,.0f}")
        least = trips / (messages * (top + 0.5) * 1e-6 + ECHO_SETUP_S)
        must(per_s >= least * 0.9999 - 0.5,
             f"{name}: {per_s:,.0f} round trips/s, but with no round trip over {top} us the "
             f"{trips:,} take at most {messages} x {top} us plus {ECHO_SETUP_S} s: at least "
             f"{least:,.0f}/s")
    return problems


def chess_arguments(args):
    """The exhibition, scale, clock and rows that `coop chess ARGS` asks for
    (the defaults of cli/chess_command.cpp: 24 tables, 30 moves, 5 s and
    55 s, 100 us of real time per simulated second, the virtual clock)."""
    e, scale, real_clock, with_os = Exhibition(), 100e-6, False, True
    words = list(args)
    while words:
        word = words.pop(0)
        if word == "--no-os":
            with_os = False
            continue
        if word in ("--step", "--timeline", "--html", "--frames"):
            raise ValueError(f"`coop chess {word}` prints no table whose time is known")
        if not words:
            raise ValueError(f"{word} needs a value")
        value = words.pop(0)
        if word == "--tables":
            e.tables = int(number(value))
        elif word == "--moves":
            e.moves = int(number(value))
        elif word == "--master-move":
            e.master = seconds(value)
        elif word == "--opponent-move":
            e.opponent = seconds(value)
        elif word == "--scale":
            scale = seconds(value)
        elif word == "--clock":
            real_clock = value == "real"
        elif word != "--technique":
            raise ValueError(f"an option the figures do not know: {word}")
    return e, scale, real_clock, with_os


def quoted_duration_problems(text):
    """Each "`coop chess ARGS` (about N s)" in a page: N is what the command
    takes by chess_command_bounds, give or take the rounding of "about"
    (half a second, or a tenth below 1 s)."""
    problems = []
    for m in re.finditer(r"`(?:build/cli/)?coop chess([^`]*)` \(about ([\d.]+) s\)", text):
        try:
            bounds = chess_command_bounds(*chess_arguments(m.group(1).split()))
        except ValueError as why:
            problems.append(f"`coop chess{m.group(1)}` is said to take about {m.group(2)} s: {why}")
            continue
        about = number(m.group(2))
        slack = 0.5 if about >= 1 else 0.05
        if not bounds[0] - slack <= about <= bounds[1] + slack:
            problems.append(f"`coop chess{m.group(1)}` is said to take about {m.group(2)} s; "
                            f"it takes {bounds[0]:.1f} to {bounds[1]:.1f} s")
    return problems
