"""The callbacks technique: a task is a continuation saved on its record.

Nothing is paused. A task that must wait saves the rest of its work (a
function taking a Wakeup) and returns: its Python frames are gone. When the
loop resumes the task, go_on calls the saved function on a fresh stack.

    task code ──▶ rt.sleep(task, 10, next)
                     └─▶ suspend: task.body = next; return   ← the task is only data now
    ...10 ms later...
    loop ──▶ Runtime.resume(task) ──▶ go_on ──▶ next(Wakeup(RESUMED))

Errors and cancellation cannot unwind a stack that is not there: they arrive
as data, in the Wakeup every continuation must look at.
"""
from .. import tasks
from ..tasks import CANCEL, WAITS


class Runtime(tasks.Runtime):
    def go_on(self, task, wakeup):
        # The one place a continuation is called: taken out of the task first.
        next_step, task.body = task.body, None
        next_step(wakeup)

    def suspend(self, task, answer, next_step):
        """The one suspension point. WAITS: save `next_step`, and the caller
        returns to the loop. A cancellation due here goes to `next_step` at
        once (it ends the task), and the caller returns too. Any other
        Wakeup: the task did not have to wait; the caller goes on with it."""
        if answer is WAITS:
            task.body = next_step  # the saved "rest of the task"
            return None
        if answer.kind == CANCEL:
            next_step(answer)
            return None
        return answer

    # Each returns None when the task must return to the loop now, or the
    # Wakeup to go on with at once (a value received, a finished join).
    def sleep(self, task, ms, next_step):
        return self.suspend(task, self.wait_timer(task, ms), next_step)

    def wait_fd(self, task, fd, interest, next_step):
        return self.suspend(task, self.watch_fd(task, fd, interest), next_step)

    def join(self, task, target, next_step):
        return self.suspend(task, self.wait_join(task, target), next_step)

    def send(self, task, channel, value, next_step):
        return self.suspend(task, channel.send(task, value), next_step)

    def recv(self, task, channel, next_step):
        return self.suspend(task, channel.recv(task), next_step)

