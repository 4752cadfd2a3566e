"""Scenarios as callbacks tasks: an explicit state machine (the twin of
callbacks/interpreter.cpp).

In the other techniques the interpreter is a plain `for` loop, and where a
task is (which operation, how many repeats are left) lives on a stack that
survives each suspension. Here the stack is gone every time the task waits,
so it is written down by hand: `frames`, one [ops, next index, repeats left]
per repeat the task is inside. Every suspending operation passes a
continuation that re-enters run_ops, which picks up from those frames.
"""
from ..loop import READABLE, WRITABLE
from ..tasks import (
    CANCEL, CANCELLED, ENDED, FAILED, JOINED_TASK_CANCELLED, JOINED_TASK_FAILED, RESUMED, Channel,
)
from .runtime import Runtime


class ScenarioTask:
    """What a task needs to go on after a suspension: in a coroutine these
    would be local variables; here they are fields."""

    def __init__(self, task, spec):
        self.task = task
        self.spec = spec
        self.frames = []
        self.waiting_op = None  # the operation it is suspended in


class ScenarioRun:
    def __init__(self, scenario, loop, trace):
        self.scenario = scenario
        self.loop = loop
        self.runtime = Runtime(loop, trace)
        self.channels = [Channel(self.runtime, c.name, c.capacity) for c in scenario.channels]
        self.tasks = [ScenarioTask(self.runtime.create_task(s.name), s) for s in scenario.tasks]

    def run(self):
        for st in self.tasks:
            if st.spec.starts_by_itself:
                self.spawn(st)
        self.loop.run()
        return self.runtime.conclude()

    def spawn(self, st):
        st.frames.append([st.spec.ops, 0, 0])
        self.runtime.spawn(st.task, lambda wakeup: self.go_on(st, wakeup))

    # The continuations: what runs when the loop gives the task control.
    def go_on(self, st, wakeup):
        if wakeup.kind == CANCEL:
            self.end(st, CANCELLED)
        elif wakeup.kind == JOINED_TASK_FAILED:
            self.end(st, FAILED, wakeup.failure)
        elif wakeup.kind == JOINED_TASK_CANCELLED:
            self.end(st, CANCELLED)
        else:
            self.run_ops(st)

    def go_on_after_recv(self, st, wakeup):
        if wakeup.kind == CANCEL:
            self.end(st, CANCELLED)
            return
        self.record_recv(st, st.waiting_op, wakeup.value)
        self.run_ops(st)

    def run_ops(self, st):
        """Runs operations until one suspends (then it returns to the loop)
        or the task ends. It never calls itself: every resumption starts
        again from the loop, so the stack stays flat."""
        rt, task = self.runtime, st.task
        after_suspension = lambda wakeup: self.go_on(st, wakeup)  # noqa: E731
        while True:
            op = self.next_op(st)
            if op is None:
                self.end(st, ENDED)
                return
            st.waiting_op = op
            kind = op.kind
            if kind == "sleep":
                rt.sleep(task, op.ms, after_suspension)
                return  # ← the task is suspended (or, if cancelled here, over)
            if kind in ("wait_readable", "wait_writable"):
                rt.wait_fd(task, op.fd, interest(kind), after_suspension)
                return
            if kind == "busy":
                self.loop.busy(op.ms)
            elif kind == "log":
                rt.log(task, op.text)
            elif kind == "spawn":
                self.spawn(self.tasks[op.task])
            elif kind == "cancel":
                rt.cancel(self.tasks[op.task].task)
            elif kind == "join":
                wakeup = rt.join(task, self.tasks[op.task].task, after_suspension)
                if wakeup is None:
                    return
                if wakeup.kind != RESUMED:  # it joined a task that failed or was cancelled
                    self.go_on(st, wakeup)
                    return
            elif kind == "send":
                if rt.send(task, self.channels[op.channel], op.value, after_suspension) is None:
                    return
            elif kind == "recv":
                after_recv = lambda wakeup: self.go_on_after_recv(st, wakeup)  # noqa: E731
                wakeup = rt.recv(task, self.channels[op.channel], after_recv)
                if wakeup is None:
                    return
                self.record_recv(st, op, wakeup.value)
            elif kind == "fail":
                self.end(st, FAILED, op.text)
                return

    @staticmethod
    def next_op(st):
        """The next operation, walking the hand-made stack: entering a repeat
        pushes a frame, finishing a round rewinds it, the last round pops it."""
        while st.frames:
            frame = st.frames[-1]
            ops, index, repeats_left = frame
            if index < len(ops):
                frame[1] += 1
                op = ops[index]
                if op.kind != "repeat":
                    return op
                if op.count > 0 and op.body:
                    st.frames.append([op.body, 0, op.count - 1])
                continue
            if repeats_left > 0:
                frame[1], frame[2] = 0, repeats_left - 1
                continue
            st.frames.pop()
        return None

    def end(self, st, how, failure=""):
        st.frames.clear()
        self.runtime.finish(st.task, how, failure)

    def record_recv(self, st, op, value):
        self.runtime.record_recv(st.task, self.channels[op.channel], value)


def interest(kind):
    return READABLE if kind == "wait_readable" else WRITABLE


def run(scenario, loop, trace):
    """Runs `scenario` on `loop` into `trace`; True if every spawned task
    ended, False if the trace ends with `stalled`."""
    return ScenarioRun(scenario, loop, trace).run()
