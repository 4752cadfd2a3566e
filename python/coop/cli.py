"""The `coop-py` command: `coop run` and `coop chess` for the Python twins.

Bad arguments and bad files get a message and an exit status, never a
traceback: 0 every spawned task ended, 1 the greenlet module is missing
(or an internal error), 2 bad arguments or a rejected scenario, 3 the trace
ends with `stalled`, 4 the techniques disagree.
"""
import os
import sys
import time

from . import techniques
from .scenario import ScenarioError, load_scenario_file
from .text import excerpt
from .trace import event_line

HELP = """usage: coop-py run [--technique NAME] [--clock virtual|real] FILE
       coop-py chess [--asyncio] [--scale MS]

run     runs the scenario in FILE and prints its trace (JSON Lines), the same
        bytes as `coop run` prints for it.
          --technique NAME   run only this technique; without it every technique
                             runs, the trace is printed once if they all agree,
                             and the first difference is reported otherwise (exit 4)
          --clock virtual    (default) time jumps ahead when every task waits
          --clock real       the real clock (needs --technique)
chess   plays the chess exhibition one game after another and in every technique,
        on the virtual clock: 43,200 s and 3,655 s.
          --asyncio          also on asyncio's own loop, with a real clock scaled
                             down (one simulated second takes --scale MS real
                             milliseconds, 0.1 unless given)

techniques: callbacks generators coroutines greenlets

exit status: 0 every spawned task ended, 1 the greenlet module is missing (install
the Debian package python3-greenlet; run with /usr/bin/python3), 2 bad arguments
or a rejected scenario (message on standard error, nothing on standard output),
3 the trace ends with `stalled`, 4 techniques disagree.
"""


class UsageError(Exception):
    pass


class OutputError(Exception):
    """Standard output could not be written (a full disk, a closed pipe):
    the run did not do what was asked, whatever it computed."""


def write_output(text):
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as err:
        raise OutputError(os.strerror(err.errno)) from None


def usage_error(command, what):
    print(f"coop-py {command}: {what}\n(see: coop-py {command} --help)", file=sys.stderr)
    return 2


def parse_options(args, with_value, flags):
    """({option: value, or True for a flag}, other arguments); None for --help.
    Raises UsageError."""
    options, others = {}, []
    arguments = iter(args)
    for arg in arguments:
        if arg in ("--help", "-h"):
            return None
        if arg in with_value:
            value = next(arguments, None)
            if value is None:
                raise UsageError(f"{arg} needs a value")
            options[arg] = value
        elif arg in flags:
            options[arg] = True
        elif arg.startswith("-") and arg != "-":
            raise UsageError(f"unknown option '{excerpt(arg)}'")
        else:
            others.append(arg)
    return options, others


def check_greenlet(names):
    if "greenlets" in names:
        missing = techniques.greenlet_missing()
        if missing:
            print(f"coop-py: {missing}", file=sys.stderr)
            return 1
    return 0


def run_command(args):
    parsed = parse_options(args, ("--technique", "--clock"), ())
    if parsed is None:
        print(HELP, end="")
        return 0
    options, files = parsed
    technique, clock = options.get("--technique"), options.get("--clock", "virtual")
    if clock not in ("virtual", "real"):
        raise UsageError(f"--clock is virtual or real, not '{excerpt(clock)}'")
    if len(files) > 1:
        raise UsageError(
            f"one scenario file at a time (got '{excerpt(files[0])}' and '{excerpt(files[1])}')"
        )
    if not files:
        raise UsageError("no scenario file given")
    names = [n for n in techniques.NAMES if technique is None or n == technique]
    if not names:
        raise UsageError(f"no technique named '{technique}' (known: {', '.join(techniques.NAMES)})")
    if clock == "real" and len(names) > 1:
        raise UsageError("--clock real needs --technique NAME (real timings differ between runs)")
    try:
        scenario = load_scenario_file(files[0])
    except ScenarioError as err:
        print(f"coop-py run: {err}", file=sys.stderr)
        return 2
    status = check_greenlet(names)
    if status:
        return status

    runs = [(name, *techniques.run(name, scenario, clock)) for name in names]
    reference_name, reference, ended = runs[0]
    for name, trace, _ in runs[1:]:
        if trace.events != reference.events:
            report_difference(reference_name, reference, name, trace)
            return 4
    write_output(reference.to_jsonl())
    return 0 if ended else 3


def report_difference(name_a, a, name_b, b):
    i = 0
    while i < len(a.events) and i < len(b.events) and a.events[i] == b.events[i]:
        i += 1
    print(f"coop-py run: techniques disagree: {name_b} differs from {name_a} at event {i + 1}",
          file=sys.stderr)
    for name, events in ((name_a, a.events), (name_b, b.events)):
        shown = event_line(events[i]) if i < len(events) else "(trace ends)"
        print(f"  {name}: {shown}", file=sys.stderr)


def chess_command(args):
    from .chess import Exhibition, play_synchronously
    from .loop import Loop
    from .trace import Trace

    parsed = parse_options(args, ("--scale",), ("--asyncio",))
    if parsed is None:
        print(HELP, end="")
        return 0
    options, others = parsed
    if others:
        raise UsageError(f"unknown argument '{excerpt(others[0])}'")
    with_asyncio, scale = options.get("--asyncio", False), options.get("--scale", "0.1")
    try:
        scale_ms = float(scale)
    except ValueError:
        scale_ms = -1
    if not 0 < scale_ms <= 10:
        raise UsageError(f"--scale is real milliseconds per simulated second, more than 0 and "
                         f"at most 10, not '{excerpt(scale)}'")
    status = check_greenlet(techniques.NAMES)
    if status:
        return status

    e = Exhibition()
    rows = []
    loop = Loop()
    started = time.perf_counter()
    rows.append(("synchronous", play_synchronously(e, loop), time.perf_counter() - started, 0))
    traces = []
    for name in techniques.NAMES:
        loop, trace = Loop(), Trace()
        started = time.perf_counter()
        techniques.chess(name).play_exhibition(e, loop, trace)
        rows.append((name, loop.now(), time.perf_counter() - started, trace.activations()))
        traces.append((name, trace))
    print(f"  {'version':<22}{'simulated':>11}{'real':>13}{'switches':>10}")
    for name, simulated_ms, real_s, switches in rows:
        print(f"  {name:<22}{simulated_ms // 1000:>9,} s{real_s * 1000:>10.2f} ms{switches:>10,}")
    if with_asyncio:
        from .real_asyncio import play_exhibition_on_asyncio

        simulated_s, real_s = play_exhibition_on_asyncio(e, scale_ms / 1000)
        print(f"  {'asyncio (real clock)':<22}{round(simulated_s):>9,} s{real_s * 1000:>10.2f} ms"
              f"{'':>10}  (1 s = {scale_ms:g} ms)")
    agree = all(t.events == traces[0][1].events for _, t in traces)
    print()
    if not agree:
        print(f"The {len(traces)} techniques disagree.")
        return 4
    print(f"The {len(traces)} techniques agree: the same schedule, event for event "
          f"({len(traces[0][1].events):,} trace events).")
    return 0


def main(argv):
    try:
        if not argv:
            print(HELP, end="", file=sys.stderr)
            return 2
        command, rest = argv[0], argv[1:]
        if command in ("--help", "-h", "help"):
            print(HELP, end="")
            return 0
        try:
            if command == "run":
                return run_command(rest)
            if command == "chess":
                return chess_command(rest)
        except UsageError as err:
            return usage_error(command, str(err))
        except OutputError as err:
            print(f"coop-py {excerpt(command)}: cannot write the output: {err}", file=sys.stderr)
            # What is left in the buffer goes nowhere, rather than failing
            # again when the interpreter exits.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        print(f"coop-py: unknown command '{excerpt(command)}'", file=sys.stderr)
        print(HELP, end="", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head): nothing more to say
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # noqa: BLE001 - a message, never a traceback
        print(f"coop-py: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
