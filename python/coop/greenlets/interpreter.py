"""Scenarios as greenlet tasks (the twin of fibers/interpreter.cpp): a plain
loop over the operations, recursion for a repeat, and blocking-looking calls
that switch to the hub underneath."""
from .. import scenario_run
from ..tasks import TaskFailed
from . import runtime as g
from .runtime import Runtime


class ScenarioRun(scenario_run.ScenarioRun):
    def __init__(self, scenario, loop, trace):
        super().__init__(Runtime(loop, trace), scenario, loop)

    def spawn(self, index):
        task, ops = self.tasks[index], self.scenario.tasks[index].ops
        self.runtime.spawn(task, lambda: self.run_ops(task, ops))

    def run_ops(self, task, ops):
        rt = self.runtime
        for op in ops:
            kind = op.kind
            if kind == "sleep":
                g.sleep(rt, op.ms)
            elif kind == "wait_readable":
                g.wait_readable(rt, op.fd)
            elif kind == "wait_writable":
                g.wait_writable(rt, op.fd)
            elif kind == "busy":
                self.loop.busy(op.ms)
            elif kind == "log":
                rt.log(task, op.text)
            elif kind == "spawn":
                self.spawn(op.task)
            elif kind == "cancel":
                rt.cancel(self.tasks[op.task])
            elif kind == "join":
                g.join(rt, self.tasks[op.task])  # raises the joined task's failure
            elif kind == "send":
                g.send(self.channels[op.channel], op.value)
            elif kind == "recv":
                channel = self.channels[op.channel]
                rt.record_recv(task, channel, g.recv(channel))
            elif kind == "fail":
                raise TaskFailed(op.text)
            elif kind == "repeat":
                for _ in range(op.count):
                    self.run_ops(task, op.body)


def run(scenario, loop, trace):
    return ScenarioRun(scenario, loop, trace).run()
