"""The loader's cases of tests/hostile_test.py (docs/semantics.md, "Limits")
through `coop run` and through `coop-py run`: the same inputs, the same
exit status, the same message and the same output, so that the Python
loader cannot drift from the C++ one's limits. A few more cases sit on
either side of each limit, or where two limits meet.

usage: hostile_test.py COOP_BINARY"""
import json
import os
import sys
import tempfile

from support import Checks, coop_py, message, same_run

coop_exe = sys.argv[1]
checks = Checks("coop-py run against coop run on hostile scenarios")
work = tempfile.TemporaryDirectory(prefix="coop-py-hostile-")


def write(name, content):
    """A scenario file: bytes as they are, a str as UTF-8, else as JSON."""
    path = os.path.join(work.name, name)
    if isinstance(content, str):
        content = content.encode()
    elif not isinstance(content, bytes):
        content = json.dumps(content, ensure_ascii=False).encode()
    with open(path, "wb") as f:
        f.write(content)
    return path


def agree(path, what, status=None, says=None):
    """Both programs agree on `path` (support.same_run), coop gives the
    expected status and message, and coop-py's message is one short line
    with no raw control character."""
    want = same_run(checks, coop_exe, path)
    checks.check(status is None or want[0] == status, f"{what}: coop run exits {want[0]}")
    checks.check(says is None or says in want[2], f"{what}: coop run says {want[2][:300]!r}")
    err = coop_py("run", path)[2]
    checks.check(len(message(err)) < 400 and all(c >= " " or c == "\n" for c in err),
                 f"{what}: coop-py's message is one short line: {err[:300]!r}")


def task(ops, name="a", **extra):
    return {"name": name, "ops": ops, **extra}


# Deep nesting, wherever it sits; and a syntax error before the deep part
# (reported first) or after it (never reached).
def nested(levels):
    return "[" * levels + "]" * levels


# Where the nested value sits: its place in a scenario, and how deep the
# scenario itself is there.
PLACES = {
    "an operation's argument": ('{"tasks": [{"name": "a", "ops": [["log", %s]]}]}', 5),
    "a capacity": ('{"channels": {"c": %s}, "tasks": []}', 2),
    "start": ('{"tasks": [{"name": "a", "ops": [], "start": %s}]}', 3),
    "the op-name slot": ('{"tasks": [{"name": "a", "ops": [[%s]]}]}', 5),
}
for where, (text, depth) in PLACES.items():
    for levels in (80_000, 3000, 137 - depth):
        agree(write("deep.json", text % nested(levels)), f"{levels} levels in {where}", 2,
              "nest more than 136 deep")
agree(write("deep.json", '{"tasks": [%s x' % ("[" * 200)), "a syntax error after deep nesting", 2,
      "nest more than 136 deep")
agree(write("deep.json", '{"tasks": [{"name": "a", "ops": [["log", %s]]}]}' % ("[" * 131 + "]" * 131)),
      "136 levels", 2, "the text must be a string")
agree(write("deep.json", '{"tasks": x [%s' % ("[" * 200)), "a syntax error before deep nesting", 2,
      "not valid JSON")

# The clock: a run to 10^13 ms, totals past 10^15 ms refused before the run,
# a single time on either side of 10^15 ms.
agree(write("long.json", {"tasks": [task([["repeat", 10, [["busy", 10**12]]], ["log", "x"]])]}),
      "ten busy 10^12 ms", 0)
agree(write("wrap.json", {"tasks": [task([["repeat", 10_000, [["busy", 10**12]]]])]}),
      "10^4 x busy 10^12 ms", 2, "more than 10^15 ms")
agree(write("wrap2.json", {"tasks": [task([["sleep", 10**15]]), task([["busy", 1]], "b")]}),
      "sleeps of two tasks past 10^15 ms", 2, "more than 10^15 ms")
agree(write("edge.json", {"tasks": [task([["sleep", 10**15]]), task([["log", "x"]], "b")]}),
      "a sleep of 10^15 ms", 0)
agree(write("past.json", {"tasks": [task([["busy", 10**15 + 1]])]}), "a busy 10^15 + 1 ms", 2,
      "at most 10^15 ms")
# Both totals passed: the time is named first. A repeat's passes are counted
# only to just past 10^8, so 10^10 passes of 10^6 ms is "operations" in both.
agree(write("both.json", {"tasks": [task([["repeat", 10**12, [["busy", 10**8]]]])]}),
      "10^12 x busy 10^8 ms", 2, "more than 10^15 ms")
agree(write("capped.json", {"tasks": [task([["repeat", 10**10, [["busy", 10**6]]]])]}),
      "10^10 x busy 10^6 ms", 2, "more than 10^8 operations")

# Whole numbers in the signed 64-bit range, never wrapped.
chan = {"c": 1}
agree(write("u64.json", {"channels": chan, "tasks": [task([["send", "c", 2**64 - 1]])]}),
      "send 2^64 - 1", 2, "whole number from -2^63 to 2^63 - 1, got 18446744073709551615")
agree(write("cap.json", {"channels": {"c": 2**63}, "tasks": []}), "capacity 2^63", 2,
      "capacity must be a whole number")
agree(write("count.json", {"tasks": [task([["repeat", 2**63, [["log", "x"]]]])]}), "repeat 2^63",
      2, "count must be a whole number")
agree(write("time.json", {"tasks": [task([["sleep", 2**63]])]}), "sleep 2^63", 2,
      "whole number of milliseconds")
agree(write("i64.json", {"channels": chan, "tasks": [task([["send", "c", 2**63 - 1], ["recv", "c"]])]}),
      "send 2^63 - 1", 0)
agree(write("min.json", {"channels": chan, "tasks": [task([["send", "c", -2**63], ["recv", "c"]])]}),
      "send -2^63", 0)
agree(write("below.json", {"channels": chan, "tasks": [task([["send", "c", -2**63 - 1]])]}),
      "send -2^63 - 1", 2, "whole number from -2^63")

# Duplicate keys: the first one in the text, before a later syntax error.
agree(write("dup.json", '{"tasks": [{"name": "a", "ops": [], "name": "b"}]}'),
      "a task with two names", 2, 'the key "name" appears twice')
agree(write("dup2.json", '{"tasks": [], "tasks": []}'), "two task lists", 2,
      'the key "tasks" appears twice')
agree(write("dup3.json", '{"tasks": [], "tasks": [] x'), "two task lists, then a syntax error",
      2, 'the key "tasks" appears twice')
agree(write("dup4.json", '{"channels": {"c\\u0001": 1, "c\\u0001": 2}, "tasks": []}'),
      "a channel twice, escaped", 2, "appears twice")
agree(write("dup5.json", '{"tasks": [{"name": "a", "ops": [["log", {"k": 1}]]}], "k": {"k": 2}}'),
      "the same key in different objects", 2, 'unknown key "k"')

# Endless or unbounded runs: counted before they start.
agree(write("empty.json", {"tasks": [task([["repeat", 10**6, [["repeat", 10**6, []]]]])]}),
      "nested repeats around an empty body", 2, "more than 10^8 operations")
agree(write("logs.json", {"tasks": [task([["repeat", 10**12, [["log", "x"]]]])]}), "10^12 logs",
      2, "more than 10^8 operations")
agree(write("tasks.json", {"tasks": [task([["repeat", 6 * 10**7, []]], f"t{i}") for i in range(2)]}),
      "operations of two tasks past 10^8", 2, "more than 10^8 operations")

# Messages: short, escaped, with the system's reason.
agree(write("opname.json", {"tasks": [task([["x" * 1_000_000]])]}), "a 1 MB operation name", 2,
      "unknown operation")
agree(write("longname.json", {"tasks": [task([["join", "é" * 100]])]}), "a long task name", 2,
      "...")
agree(write("ctl.json", {"tasks": [task([], "a\x1b[2J\x07")]}), "a task name with control characters",
      2, "a name may not hold control characters")
agree(write("ctl2.json", {"channels": {"c\x7f": 1}, "tasks": []}), "a channel name with DEL", 2,
      "a name may not hold control characters")
agree(write("c1.json", {"tasks": [task([["log", 5]], "a\u0085\u009b")]}), "C1 controls in a name",
      2, "\\u0085\\u009b")
agree(write("ctl3.json", {"tasks": [task([["fail\n\x1b", 1]])]}), "an operation name with controls",
      2, "\\n\\x1b")
agree(work.name, "a directory", 2, "Is a directory")
agree("/dev/null", "/dev/null", 2, "the file is empty")
agree(write("nul.json", b'\0{"tasks": []}'), "a file starting with NUL", 2, "a NUL byte at offset 0")
agree(write("nul2.json", b'{"tasks": []}\0'), "a NUL byte at the end", 2, "a NUL byte at offset 13")
agree(os.path.join(work.name, "missing.json"), "no file", 2,
      "cannot open the file: No such file or directory")
agree(os.path.join(work.name, "x" * 300), "a long name of no file", 2, "...")
agree("/dev/zero", "/dev/zero", 2, "larger than 64 MiB")
agree(write("commas.json", b'{"tasks": [' + b"," * (60 * 1024 * 1024)), "60 MiB of commas", 2,
      "not valid JSON")
agree(write("big.json", b'{"tasks": []}' + b" " * (64 * 1024 * 1024 - 13)), "64 MiB exactly", 0)
agree(write("big.json", b'{"tasks": []}' + b" " * (64 * 1024 * 1024 - 12)), "64 MiB and a byte",
      2, "larger than 64 MiB")

work.cleanup()
checks.done()
