"""The coroutines technique: each task is an `async def` coroutine, and what
it awaits are the small awaitables below, driven by coop's loop, not asyncio.

An awaitable's __await__ does what a C++20 awaiter does in three steps:

    await_ready    the shared bookkeeping answers at once (a value in the
                   buffer, a task already done): no suspension at all
    await_suspend  otherwise the task is already registered as waiting (a
                   timer, a join, a channel queue), and the coroutine yields:
                   every frame of the `await` chain stays as it is, and
                   coro.send() in go_on returns to the loop
    await_resume   when go_on sends the Wakeup back in, `yield` returns it:
                   the value, or Cancelled / TaskFailed raised right there

    task body ── await sleep(10) ──▶ Sleep.__await__ ─▶ suspend: yield
    ...10 ms later...
    loop ──▶ Runtime.resume(task) ──▶ go_on ──▶ coro.send(wakeup)
                                                  └─▶ the `yield` in suspend returns it

Unlike the generators' driver, this one never looks at what is yielded:
the awaitable has done the registering already.
"""
import inspect

from .. import tasks
from ..loop import READABLE, WRITABLE
from ..tasks import CANCEL, CANCELLED, ENDED, FAILED, WAITS, Cancelled, TaskFailed, outcome


class Runtime(tasks.Runtime):
    def __init__(self, loop, trace=None):
        super().__init__(loop, trace)
        self.current = None  # the task whose coroutine runs now (asyncio.current_task)

    def go_on(self, task, wakeup):
        self.current = task
        try:
            if wakeup.kind == CANCEL:
                task.body.throw(Cancelled())  # raised at the `await` it waits in
            elif inspect.getcoroutinestate(task.body) == inspect.CORO_CREATED:
                task.body.send(None)  # its first step: a new coroutine takes only None
            else:
                task.body.send(wakeup)
        except StopIteration:
            self.finish(task, ENDED)
        except Cancelled:
            self.finish(task, CANCELLED)
        except TaskFailed as failure:
            self.finish(task, FAILED, failure.text)
        finally:
            self.current = None

    def release(self):
        """Closes the coroutines of tasks that never finished (their
        `finally` blocks run), and of tasks cancelled before they started."""
        for task in self.tasks:
            if task.body is not None and not task.done():
                task.body.close()


def suspend(answer):
    """The one suspension point, shared by every awaitable: `answer` is what
    the bookkeeping said (tasks.py). A generator function, so an awaitable
    can return it from __await__."""
    if answer is WAITS:
        answer = yield  # ← the whole coroutine stays here until go_on sends the Wakeup
    return outcome(answer)


class Sleep:
    def __init__(self, runtime, ms):
        self.runtime, self.ms = runtime, ms

    def __await__(self):
        return suspend(self.runtime.wait_timer(self.runtime.current, self.ms))


class Join:
    def __init__(self, runtime, target):
        self.runtime, self.target = runtime, target

    def __await__(self):
        return suspend(self.runtime.wait_join(self.runtime.current, self.target))


class WaitFd:
    def __init__(self, runtime, fd, interest):
        self.runtime, self.fd, self.interest = runtime, fd, interest

    def __await__(self):
        return suspend(self.runtime.watch_fd(self.runtime.current, self.fd, self.interest))


class Send:
    def __init__(self, channel, value):
        self.channel, self.value = channel, value

    def __await__(self):
        return suspend(self.channel.send(self.channel.runtime.current, self.value))


class Recv:
    def __init__(self, channel):
        self.channel = channel

    def __await__(self):
        return suspend(self.channel.recv(self.channel.runtime.current))


# What a task awaits, named after what it waits for.
def sleep(runtime, ms):
    return Sleep(runtime, ms)


def join(runtime, task):
    return Join(runtime, task)


def readable(runtime, fd):
    return WaitFd(runtime, fd, READABLE)


def writable(runtime, fd):
    return WaitFd(runtime, fd, WRITABLE)


def send(channel, value):
    return Send(channel, value)


def recv(channel):
    return Recv(channel)
