"""The loop alone (batches, timer ties, cancelled timers, the real clock,
watchers in registration order), and I/O readiness through `selectors` in
every technique: the Python side of tests/loop_test.cpp and
tests/lifecycle_test.cpp.

usage: loop_test.py"""
import os
import socket
import time

from support import Checks, read_jsonl

from coop import techniques
from coop.loop import READABLE, WRITABLE, Loop
from coop.scenario import Op, Scenario, TaskSpec, validate_scenario
from coop.trace import Trace

checks = Checks("the loop and fd readiness")

# Batches: what a callback schedules waits for the next iteration.
loop, seen = Loop(), []
loop.call_soon(lambda: (seen.append("a1"), loop.call_soon(lambda: seen.append("a2"))))
loop.call_soon(lambda: seen.append("b1"))
checks.check(loop.run_once() and seen == ["a1", "b1"], f"the first batch: {seen}")
checks.check(loop.run_once() and seen == ["a1", "b1", "a2"], f"the second batch: {seen}")
checks.check(not loop.run_once(), "nothing left: run_once is False")

# Timers: equal deadlines in scheduling order, the virtual clock jumps.
loop, seen = Loop(), []
for name, deadline in (("late", 20), ("tie1", 10), ("tie2", 10), ("early", 5), ("tie3", 10)):
    loop.call_at(deadline, lambda n=name: seen.append((n, loop.now())))
loop.run()
checks.check(seen == [("early", 5), ("tie1", 10), ("tie2", 10), ("tie3", 10), ("late", 20)], f"timers: {seen}")

# A cancelled timer neither runs nor keeps the clock going; a fired one
# cannot be cancelled.
loop, seen = Loop(), []
far = loop.call_later(1_000, lambda: seen.append("far"))
near = loop.call_later(1, lambda: (seen.append("near"), seen.append(loop.cancel_timer(far))))
loop.run()
checks.check(seen == ["near", True] and loop.now() == 1, f"cancel: {seen} at {loop.now()}")
checks.check(not loop.cancel_timer(near), "a timer that fired cannot be cancelled")

# The real clock: a timer waits for real, in whole milliseconds.
loop = Loop("real")
start = time.monotonic()
loop.call_later(20, lambda: None)
loop.run()
checks.check(time.monotonic() - start >= 0.019 and loop.now() >= 20, f"real clock: {loop.now()} ms")

# Watchers fire once, in registration order, when their fd is ready.
a, b = socket.socketpair()
loop, seen = Loop(), []
loop.watch(a.fileno(), READABLE, lambda: seen.append(("read", loop.now())))
loop.watch(b.fileno(), WRITABLE, lambda: seen.append(("write", loop.now())))
loop.call_later(5, lambda: b.send(b"x"))
loop.run()
checks.check(seen == [("write", 0), ("read", 5)], f"watchers: {seen}")
a.close()
b.close()


# A task waits for a readable and a writable fd, in every technique.
def wait_op(kind, fd):
    op = Op(kind)
    op.fd = fd
    return op


def log_op(text):
    op = Op("log")
    op.text = text
    return op


expected = read_jsonl("""{"t":0,"task":"reader","event":"start"}
{"t":0,"task":"writer","event":"start"}
{"t":0,"task":"writer","event":"resume"}
{"t":0,"task":"writer","event":"log","text":"writable"}
{"t":0,"task":"writer","event":"end"}
{"t":5,"task":"reader","event":"resume"}
{"t":5,"task":"reader","event":"log","text":"readable"}
{"t":5,"task":"reader","event":"end"}""")
for name in techniques.NAMES:
    reader_fd, writer_fd = os.pipe()
    scenario = Scenario("<fd test>", [], [
        TaskSpec("reader", True, [wait_op("wait_readable", reader_fd), log_op("readable")]),
        TaskSpec("writer", True, [wait_op("wait_writable", writer_fd), log_op("writable")]),
    ])
    validate_scenario(scenario)
    loop = Loop()
    # Someone outside the tasks writes at t = 5 (the clock jumps there).
    loop.call_later(5, lambda fd=writer_fd: os.write(fd, b"x"))
    trace = Trace()
    ended = techniques.interpreter(name).run(scenario, loop, trace)
    checks.check(ended and read_jsonl(trace.to_jsonl()) == expected, f"{name}: fd readiness: {trace.to_jsonl()}")
    os.close(reader_fd)
    os.close(writer_fd)
checks.done()
