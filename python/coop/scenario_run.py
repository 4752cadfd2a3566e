"""What every interpreter does around its tasks, whatever the technique:
one channel per declared channel, one task per declared task (created, not
yet spawned, so that any task may join or cancel any other), the tasks that
start by themselves spawned in file order, then the loop run until nothing
is left. Each technique's interpreter says only how a task is spawned, that
is, what a task body is in its idiom (`spawn`), and how it runs the
operations (callbacks, which keeps its own frames, does not use this)."""
from .tasks import Channel


class ScenarioRun:
    def __init__(self, runtime, scenario, loop):
        self.scenario = scenario
        self.loop = loop
        self.runtime = runtime
        self.channels = [Channel(runtime, c.name, c.capacity) for c in scenario.channels]
        self.tasks = [runtime.create_task(s.name) for s in scenario.tasks]

    def run(self):
        for index, spec in enumerate(self.scenario.tasks):
            if spec.starts_by_itself:
                self.spawn(index)
        try:
            self.loop.run()
            return self.runtime.conclude()
        finally:
            self.runtime.release()

    def spawn(self, index):
        raise NotImplementedError("each technique spawns a task in its own idiom")
