"""The generators technique: each task is a generator that yields requests
(requests.py) to a trampoline, the driver below.

    task body ── yield SleepFor(10) ──▶ Runtime.drive: carry_out(request)
                                          └─ the task must wait: return to the loop
    ...10 ms later...
    loop ──▶ Runtime.resume(task) ──▶ go_on ──▶ drive: body.send(answer)

A generator is a stackless coroutine: its one frame is kept between
suspensions, and `yield from` delegates to another generator (a repeat in
the interpreter), whose requests pass straight through to the driver.
Cancellation and a joined task's failure are raised *into* the generator
(body.throw) at the yield where it waits, so its `finally` blocks run.
"""
from .. import tasks
from ..tasks import (
    CANCEL, CANCELLED, ENDED, FAILED, JOINED_TASK_CANCELLED, JOINED_TASK_FAILED, WAITS,
    Cancelled, TaskFailed, Wakeup,
)
from .requests import (
    BusyFor, CancelTask, JoinTask, ReceiveFrom, SendTo, SleepFor, SpawnTask, WaitFd,
)


class Runtime(tasks.Runtime):
    def go_on(self, task, wakeup):
        self.drive(task, wakeup)

    def drive(self, task, wakeup):
        """The trampoline: runs the task's generator until it must wait or
        ends. Requests that do not suspend are answered from this loop, not
        by calling back in, so a long run of them does not grow the stack."""
        while True:
            try:
                if wakeup.kind in (CANCEL, JOINED_TASK_CANCELLED):
                    request = task.body.throw(Cancelled())
                elif wakeup.kind == JOINED_TASK_FAILED:
                    request = task.body.throw(TaskFailed(wakeup.failure))
                else:
                    request = task.body.send(wakeup.value)
            except StopIteration:
                self.finish(task, ENDED)
                return
            except Cancelled:
                self.finish(task, CANCELLED)
                return
            except TaskFailed as failure:
                self.finish(task, FAILED, failure.text)
                return
            wakeup = self.carry_out(task, request)
            if wakeup is WAITS:
                return  # ← the task is suspended: back to the loop

    def carry_out(self, task, request):
        """One request: WAITS, or the Wakeup to send back in at once."""
        kind = type(request)
        if kind is SleepFor:
            return self.wait_timer(task, *request.args)
        if kind is WaitFd:
            return self.watch_fd(task, *request.args)
        if kind is JoinTask:
            return self.wait_join(task, *request.args)
        if kind is SendTo:
            channel, value = request.args
            return channel.send(task, value)
        if kind is ReceiveFrom:
            (channel,) = request.args
            return channel.recv(task)
        if kind is BusyFor:
            self.loop.busy(*request.args)
        elif kind is SpawnTask:
            self.spawn(*request.args)
        elif kind is CancelTask:
            self.cancel(*request.args)
        else:
            raise TypeError(f"a generator task yielded {request!r}, not a request")
        return Wakeup()

    def release(self):
        """Closes the generators of tasks that never finished: their
        `finally` blocks run now."""
        for task in self.tasks:
            if task.body is not None and not task.done():
                task.body.close()
