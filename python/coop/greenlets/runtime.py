"""The greenlets technique: each task runs in a greenlet of its own, a
stackful coroutine, and switches to the hub (the greenlet that runs the
loop) when it must wait.

    task code ── sleep(rt, 10) ──▶ suspend: hub.switch()   ← every frame of
                                                              the task stays put
    ...10 ms later...
    loop ──▶ Runtime.resume(task) ──▶ go_on ──▶ task.body.switch(wakeup)
                                              └─▶ hub.switch() returns it

The task's code is ordinary Python: no `yield`, no `await`, no
continuation. A function deep in its calls can wait, because the whole stack
is kept (like a fiber in C++, and like gevent). Cancellation and a joined
task's failure are raised where the task waits.
"""
try:
    import greenlet
except ImportError:  # pragma: no cover - depends on the machine
    greenlet = None

from .. import tasks
from ..loop import READABLE, WRITABLE
from ..tasks import CANCELLED, ENDED, FAILED, WAITS, Cancelled, TaskFailed, outcome

MISSING = (
    "the greenlets technique needs the greenlet module: install the Debian package "
    "python3-greenlet (apt-get install python3-greenlet) and run coop-py with /usr/bin/python3"
)


class Runtime(tasks.Runtime):
    def __init__(self, loop, trace=None):
        if greenlet is None:
            raise RuntimeError(MISSING)
        super().__init__(loop, trace)
        # The hub: the greenlet that runs the loop, and the parent of every
        # task's greenlet, so that a task that ends comes back here too.
        self.hub = greenlet.getcurrent()
        self.current = None  # the task whose greenlet runs now

    def spawn(self, task, work):
        """`work`: a plain function of no arguments, the task's code."""
        stack = greenlet.greenlet(lambda wakeup: self.body(task, work, wakeup), parent=self.hub)
        super().spawn(task, stack)

    def body(self, task, work, wakeup):
        """The bottom of every task's stack: its ending is decided here."""
        try:
            outcome(wakeup)  # cancelled before it started: Cancelled, here
            work()
        except Cancelled:
            self.finish(task, CANCELLED)
        except TaskFailed as failure:
            self.finish(task, FAILED, failure.text)
        else:
            self.finish(task, ENDED)

    def go_on(self, task, wakeup):
        self.current = task
        task.body.switch(wakeup)  # returns when the task switches back, or ends
        self.current = None

    def suspend(self, answer):
        """The one suspension point: WAITS means the task is registered as
        waiting, and switches to the hub; the hub switches back with the
        Wakeup. Either way the answer becomes a value or an exception."""
        if answer is WAITS:
            answer = self.hub.switch()  # ← the whole stack of the task stays here
        return outcome(answer)

    def release(self):
        """Tasks that never finished: GreenletExit is raised where each
        waits, so its `finally` blocks run and its stack is freed."""
        for task in self.tasks:
            if task.body is not None and not task.done() and task.body:
                task.body.throw(greenlet.GreenletExit)


# What a task calls, from any depth of its own calls.
def sleep(rt, ms):
    rt.suspend(rt.wait_timer(rt.current, ms))


def join(rt, task):
    rt.suspend(rt.wait_join(rt.current, task))


def wait_readable(rt, fd):
    rt.suspend(rt.watch_fd(rt.current, fd, READABLE))


def wait_writable(rt, fd):
    rt.suspend(rt.watch_fd(rt.current, fd, WRITABLE))


def send(channel, value):
    rt = channel.runtime
    rt.suspend(channel.send(rt.current, value))


def recv(channel):
    rt = channel.runtime
    return rt.suspend(channel.recv(rt.current))
