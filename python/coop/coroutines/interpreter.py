"""Scenarios as `async def` tasks (the twin of coroutines/interpreter.cpp): a
plain loop over the operations; a repeat is an awaited nested coroutine."""
from .. import scenario_run
from ..tasks import TaskFailed
from . import runtime as co
from .runtime import Runtime


class ScenarioRun(scenario_run.ScenarioRun):
    def __init__(self, scenario, loop, trace):
        super().__init__(Runtime(loop, trace), scenario, loop)

    def spawn(self, index):
        task = self.tasks[index]
        self.runtime.spawn(task, self.run_ops(task, self.scenario.tasks[index].ops))

    async def run_ops(self, task, ops):
        rt = self.runtime
        for op in ops:
            kind = op.kind
            if kind == "sleep":
                await co.sleep(rt, op.ms)
            elif kind == "wait_readable":
                await co.readable(rt, op.fd)
            elif kind == "wait_writable":
                await co.writable(rt, op.fd)
            elif kind == "busy":
                self.loop.busy(op.ms)
            elif kind == "log":
                rt.log(task, op.text)
            elif kind == "spawn":
                self.spawn(op.task)
            elif kind == "cancel":
                rt.cancel(self.tasks[op.task])
            elif kind == "join":
                await co.join(rt, self.tasks[op.task])  # raises the joined task's failure
            elif kind == "send":
                await co.send(self.channels[op.channel], op.value)
            elif kind == "recv":
                channel = self.channels[op.channel]
                rt.record_recv(task, channel, await co.recv(channel))
            elif kind == "fail":
                raise TaskFailed(op.text)
            elif kind == "repeat":
                for _ in range(op.count):
                    await self.run_ops(task, op.body)


def run(scenario, loop, trace):
    return ScenarioRun(scenario, loop, trace).run()
