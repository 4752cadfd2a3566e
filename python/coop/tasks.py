"""What every technique shares: a task's life and the rules of
docs/semantics.md that do not depend on how a task suspends (spawn, the one
place the loop resumes a task, join, cancel, finish, who is still waiting).

A technique subclasses Runtime and adds only its mechanism:

    go_on(task, wakeup)   how the loop gives control back to a task: call its
                          continuation, send into its generator or coroutine,
                          switch to its greenlet
    a way to stop         return (callbacks), yield (generators), yield
                          inside an awaitable (coroutines), switch to the hub
                          (greenlets)

Every operation that may wait (wait_timer, wait_join, watch_fd, and
Channel.send, Channel.recv) first does the bookkeeping here and answers
either WAITS (the task is now registered as waiting: it must give control
back) or the Wakeup to go on with at once.
"""


# A task's states (one at a time).
NOT_SPAWNED = "not spawned"  # exists (can be joined or cancelled), never spawned
SCHEDULED = "scheduled"  # spawned; its first step waits in the ready queue
RUNNING = "running"  # its code runs right now
WAITING = "waiting"  # suspended: on a timer, a join, a channel or an fd
READY = "ready"  # woken (or yielded); it waits in the ready queue
DONE = "done"

# How a task ended.
ENDED, FAILED, CANCELLED = "end", "fail", "cancelled"

# Why a task is told to go on.
RESUMED = "resumed"  # what it waited for happened
CANCEL = "cancel"  # it was cancelled: it must end now
JOINED_TASK_FAILED = "joined task failed"  # join: the joined task failed (`failure`)
JOINED_TASK_CANCELLED = "joined task cancelled"  # join: the joined task was cancelled

WAITS = None  # what a waiting operation answers when the task must give control back


class Wakeup:
    __slots__ = ("kind", "value", "failure")

    def __init__(self, kind=RESUMED, value=None, failure=""):
        self.kind = kind
        self.value = value  # recv: the value received (None otherwise)
        self.failure = failure  # JOINED_TASK_FAILED: the joined task's text


class Cancelled(Exception):
    """Raised at a suspension point of a cancelled task (generators,
    coroutines, greenlets): the task's stack unwinds, `finally` blocks run."""


class TaskFailed(Exception):
    """A task ends with an error: the scenario's `fail`, or a joined task's."""

    def __init__(self, text):
        super().__init__(text)
        self.text = text


def outcome(wakeup):
    """A Wakeup as a stackful task meets it: the value, or an exception."""
    if wakeup.kind in (CANCEL, JOINED_TASK_CANCELLED):
        raise Cancelled()
    if wakeup.kind == JOINED_TASK_FAILED:
        raise TaskFailed(wakeup.failure)
    return wakeup.value


class Task:
    __slots__ = (
        "name", "spawn_order", "state", "waiting_for", "cancel_requested",
        "completes_handoff", "ending", "failure", "joiners", "timer", "watcher",
        "joined", "channel", "wakeup", "body",
    )

    def __init__(self, name):
        self.name = name
        self.spawn_order = 0
        self.state = NOT_SPAWNED
        self.waiting_for = None  # "sleep", "yield", "join", "send", "recv", "fd"
        # cancel() was called: applied when the task next goes on, or, if a
        # channel already moved its value, at its next suspension point.
        self.cancel_requested = False
        # A channel moved this task's value before it went on: the operation
        # completes even if the task is cancelled meanwhile.
        self.completes_handoff = False
        self.ending = None
        self.failure = ""
        self.joiners = []  # in the order they began to wait
        self.timer = self.watcher = self.joined = self.channel = None  # what it waits on
        self.wakeup = Wakeup()  # what it will be told when it goes on
        self.body = None  # the technique's: a continuation, generator, coroutine, greenlet

    def done(self):
        return self.state == DONE


class Runtime:
    def __init__(self, loop, trace=None):
        self.loop = loop
        self.trace = trace
        self.tasks = []
        self.spawned = 0

    def create_task(self, name):
        """A task exists before it is spawned, so it can be joined or
        cancelled early."""
        task = Task(name)
        self.tasks.append(task)
        return task

    def spawn(self, task, body):
        """Its first step goes to the back of the ready queue."""
        assert task.state == NOT_SPAWNED
        task.body = body
        task.state = SCHEDULED
        task.spawn_order = self.spawned
        self.spawned += 1
        self.loop.call_soon(lambda: self.resume(task))

    def resume(self, task):
        """The one place where the loop gives control back to a task: its
        first step, a wake-up, its timer or fd firing."""
        assert task.state in (SCHEDULED, READY, WAITING)
        wakeup, task.wakeup = task.wakeup, Wakeup()
        # A cancelled task hears about it now, unless a channel already moved
        # its value: then it completes that operation and meets the
        # cancellation at its next suspension point (begin_wait).
        if task.cancel_requested and not task.completes_handoff:
            wakeup = Wakeup(CANCEL)
        task.completes_handoff = False
        if wakeup.kind != CANCEL:  # a cancelled task records only its ending
            self.record(task, "start" if task.state == SCHEDULED else "resume")
        task.state = RUNNING
        task.waiting_for = None
        self.go_on(task, wakeup)

    def go_on(self, task, wakeup):
        raise NotImplementedError("each technique says how a task goes on")

    # --- waiting: the bookkeeping half of every suspension -----------------

    def begin_wait(self, task, what):
        """False if a cancellation is due at this suspension point: the task
        must end as cancelled instead of suspending."""
        assert task.state == RUNNING
        if task.cancel_requested:
            return False
        task.waiting_for = what
        task.state = WAITING
        return True

    def wait_timer(self, task, ms):
        """sleep(ms); sleep(0) is a yield: the back of the ready queue."""
        if not self.begin_wait(task, "sleep" if ms > 0 else "yield"):
            return Wakeup(CANCEL)
        if ms > 0:
            # When the timer fires the loop resumes the task itself, like
            # loop.call_later(d, callback): no extra trip through the ready
            # queue (asyncio.sleep takes one: docs/python.md).
            task.timer = self.loop.call_later(ms, lambda: self.resume(task))
        else:
            task.state = READY
            self.loop.call_soon(lambda: self.resume(task))
        return WAITS

    def watch_fd(self, task, fd, interest):
        if not self.begin_wait(task, "fd"):
            return Wakeup(CANCEL)
        task.watcher = self.loop.watch(fd, interest, lambda: self.resume(task))
        return WAITS

    def wait_join(self, task, target):
        """Goes on at once if `target` is done, with its ending."""
        if target.done():
            if target.ending == FAILED:
                return Wakeup(JOINED_TASK_FAILED, failure=target.failure)
            return Wakeup(JOINED_TASK_CANCELLED if target.ending == CANCELLED else RESUMED)
        if not self.begin_wait(task, "join"):
            return Wakeup(CANCEL)
        task.joined = target
        target.joiners.append(task)
        return WAITS

    def wake_soon(self, task, kind=RESUMED, value=None, failure=""):
        """A waiting task goes to the back of the ready queue."""
        assert task.state == WAITING
        task.wakeup = Wakeup(kind, value, failure)
        task.state = READY
        task.waiting_for = "yield"
        self.loop.call_soon(lambda: self.resume(task))

    # --- cancel and finish --------------------------------------------------

    def cancel(self, target):
        """docs/semantics.md, "Joining, failing, cancelling"; the caller goes on."""
        assert target.state != RUNNING, "a task never cancels itself"
        if target.state == DONE:
            return
        target.cancel_requested = True
        # Not spawned, scheduled, or ready: its step is (or will be) queued
        # and hears of it then. Waiting: it leaves that wait at once, unless
        # its timer or fd already fired (then it is queued already).
        if target.state == WAITING and self.stop_waiting(target):
            self.wake_soon(target, CANCEL)

    def stop_waiting(self, task):
        if task.waiting_for == "sleep":
            return self.loop.cancel_timer(task.timer)
        if task.waiting_for == "fd":
            return self.loop.unwatch(task.watcher)
        if task.waiting_for == "join":
            task.joined.joiners.remove(task)
            task.joined = None
        elif task.waiting_for in ("send", "recv"):
            task.channel.forget(task)  # a waiting sender's value is dropped
            task.channel = None
        return True

    def finish(self, task, how, failure=""):
        """The task has no more work (ENDED, FAILED or CANCELLED): its
        joiners go on, in the order they began to wait."""
        assert task.state == RUNNING
        task.state = DONE
        task.ending = how
        task.failure = failure
        if how == FAILED:
            if self.trace is not None:
                self.trace.fail(self.loop.now(), task.name, failure)
        else:
            self.record(task, how)
        for joiner in task.joiners:
            joiner.joined = None
            if how == FAILED:
                self.wake_soon(joiner, JOINED_TASK_FAILED, failure=failure)
            else:
                self.wake_soon(joiner, JOINED_TASK_CANCELLED if how == CANCELLED else RESUMED)
        task.joiners = []

    def unfinished_tasks(self):
        """Spawned and not finished, in spawn order."""
        waiting = [t for t in self.tasks if t.state not in (NOT_SPAWNED, DONE)]
        return sorted(waiting, key=lambda t: t.spawn_order)

    def conclude(self):
        """After loop.run(): tasks that still wait wait for something that
        will never come; the trace ends with `stalled`. True if every
        spawned task ended. (common/technique.cpp, conclude_run)"""
        unfinished = self.unfinished_tasks()
        if unfinished and self.trace is not None:
            self.trace.stalled(self.loop.now(), [t.name for t in unfinished])
        self.loop.clear()
        return not unfinished

    # --- the trace ------------------------------------------------------------

    def record(self, task, event):
        if self.trace is not None:
            self.trace.task_event(self.loop.now(), task.name, event)

    def log(self, task, text):
        if self.trace is not None:
            self.trace.log(self.loop.now(), task.name, text)

    def record_recv(self, task, channel, value):
        if self.trace is not None:
            self.trace.recv(self.loop.now(), task.name, channel.name, value)


class Channel:
    """A bounded buffer plus a queue of waiting senders (each with its value)
    and one of waiting receivers; capacity 0 is a rendezvous. The rules of
    docs/semantics.md, "Channels"."""

    def __init__(self, runtime, name, capacity):
        self.runtime = runtime
        self.name = name
        self.capacity = capacity
        self.buffer = []
        self.senders = []  # [task, value]
        self.receivers = []

    def send(self, task, value):
        """RESUMED at once if delivered or buffered; else WAITS until a
        receiver takes the value."""
        if self.receivers:
            # Straight to the first waiting receiver. From here on the value
            # is the receiver's, even if it is cancelled before it runs.
            receiver = self.receivers.pop(0)
            receiver.channel = None
            receiver.completes_handoff = True
            self.runtime.wake_soon(receiver, RESUMED, value)
            return Wakeup()
        if len(self.buffer) < self.capacity:
            self.buffer.append(value)
            return Wakeup()
        if not self.runtime.begin_wait(task, "send"):
            return Wakeup(CANCEL)
        task.channel = self
        self.senders.append([task, value])
        return WAITS

    def recv(self, task):
        """RESUMED with the value at once if there is one; else WAITS."""
        if self.buffer:
            value = self.buffer.pop(0)
            if self.senders:
                # Room was made: the first waiting sender's value moves in.
                sender, sent = self.senders.pop(0)
                self.buffer.append(sent)
                self.release(sender)
            return Wakeup(RESUMED, value)
        if self.senders:
            # A rendezvous: take the value from the waiting sender directly.
            sender, sent = self.senders.pop(0)
            self.release(sender)
            return Wakeup(RESUMED, sent)
        if not self.runtime.begin_wait(task, "recv"):
            return Wakeup(CANCEL)
        task.channel = self
        self.receivers.append(task)
        return WAITS

    def release(self, sender):
        sender.channel = None
        sender.completes_handoff = True
        self.runtime.wake_soon(sender)

    def forget(self, task):
        """A waiting task was cancelled: it leaves the queues."""
        self.receivers = [t for t in self.receivers if t is not task]
        self.senders = [s for s in self.senders if s[0] is not task]
