"""What a generator task can ask its driver for: plain data, named after what
it waits for or wants done (like the system calls of Beazley's pyos and
curio's traps). A task never touches the loop; it yields one of these and
the driver (runtime.py) carries it out, then sends the answer back in."""


class Request:
    def __init__(self, *args):
        self.args = args


# Requests that may suspend: the task waits until the driver resumes it.
class SleepFor(Request):  # (ms): 0 = yield, one trip round the ready queue
    pass


class WaitFd(Request):  # (fd, interest)
    pass


class JoinTask(Request):  # (task): answers when it is done; raises its failure in
    pass


class SendTo(Request):  # (channel, value): may wait until a receiver takes it
    pass


class ReceiveFrom(Request):  # (channel): may wait; the answer is the value
    pass


# Requests that never suspend: carried out, and the task goes on at once.
class BusyFor(Request):  # (ms)
    pass


class SpawnTask(Request):  # (task, body generator)
    pass


class CancelTask(Request):  # (task)
    pass
