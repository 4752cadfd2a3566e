"""Scenarios as generator tasks (the twin of generators/interpreter.cpp): a
plain loop over the operations. Where the task is survives each `yield`, in
the generator's frame; a repeat is a nested generator, entered with
`yield from`, whose requests go straight through to the driver."""
from ..loop import READABLE, WRITABLE
from .. import scenario_run
from ..tasks import TaskFailed
from .requests import (
    BusyFor, CancelTask, JoinTask, ReceiveFrom, SendTo, SleepFor, SpawnTask, WaitFd,
)
from .runtime import Runtime


class ScenarioRun(scenario_run.ScenarioRun):
    def __init__(self, scenario, loop, trace):
        super().__init__(Runtime(loop, trace), scenario, loop)

    def spawn(self, index):
        self.runtime.spawn(self.tasks[index], self.body(index))

    def body(self, index):
        return self.run_ops(self.tasks[index], self.scenario.tasks[index].ops)

    def run_ops(self, task, ops):
        for op in ops:
            kind = op.kind
            if kind == "sleep":
                yield SleepFor(op.ms)
            elif kind == "wait_readable":
                yield WaitFd(op.fd, READABLE)
            elif kind == "wait_writable":
                yield WaitFd(op.fd, WRITABLE)
            elif kind == "busy":
                yield BusyFor(op.ms)
            elif kind == "log":
                self.runtime.log(task, op.text)  # the trace, not the loop: no request
            elif kind == "spawn":
                yield SpawnTask(self.tasks[op.task], self.body(op.task))
            elif kind == "cancel":
                yield CancelTask(self.tasks[op.task])
            elif kind == "join":
                yield JoinTask(self.tasks[op.task])  # raises the joined task's failure in
            elif kind == "send":
                yield SendTo(self.channels[op.channel], op.value)
            elif kind == "recv":
                channel = self.channels[op.channel]
                value = yield ReceiveFrom(channel)
                self.runtime.record_recv(task, channel, value)
            elif kind == "fail":
                raise TaskFailed(op.text)
            elif kind == "repeat":
                for _ in range(op.count):
                    yield from self.run_ops(task, op.body)  # delegation


def run(scenario, loop, trace):
    return ScenarioRun(scenario, loop, trace).run()
