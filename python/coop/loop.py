"""The event loop every technique shares: the Python twin of common/loop.hpp.

It knows nothing about tasks: it runs callables. Each technique turns "a task
waits for X" into "the loop calls this when X happens", in its own way.
Like asyncio's BaseEventLoop, it keeps three places where a callback waits:

    ready queue   callbacks to run in the next iteration, first in first out
    timers        a heap ordered by (deadline, sequence): equal deadlines fire
                  in the order they were scheduled (asyncio leaves that open)
    watchers      one-shot "call me when this fd is readable/writable", kept
                  in the order they were registered

and one iteration, run_once(), in four steps: see its body. Time is a whole
number of milliseconds since the loop was made, on a virtual clock (it jumps
over the waiting: twelve hours of chess in milliseconds) or on the real one.
"""
import heapq
import selectors
import time
from collections import deque

READABLE = selectors.EVENT_READ
WRITABLE = selectors.EVENT_WRITE


# The latest time the virtual clock reaches, as in common/clock.hpp: half of
# what 64 bits of microseconds hold. It stops there rather than going past
# (a scenario never gets close: its times add up to at most 10^15 ms).
END_OF_TIME_MS = (2**63 - 1) // 2 // 1000

# The longest the real clock waits at once: longer waits (up to 10^15 ms in
# a scenario) would overflow time.sleep(), as they would wrap in C++.
CENTURY_S = 100 * 365 * 24 * 3600


class VirtualClock:
    """Stands still while callbacks run; moves only when the loop would
    otherwise wait (it jumps to the next deadline) or a task is busy."""

    virtual = True

    def __init__(self):
        self._now = 0

    def now(self):
        return self._now

    def busy(self, ms):
        self._now = min(self._now + ms, END_OF_TIME_MS)

    def wait_until(self, deadline):
        self._now = max(self._now, min(deadline, END_OF_TIME_MS))

    def seconds_until(self, deadline):
        return 0  # never wait for real: ask the OS what is ready now


class RealClock:
    """time.monotonic() since the loop was made, read in whole milliseconds:
    sleeping and busy work take real time."""

    virtual = False

    def __init__(self):
        self._start = time.monotonic()

    def now(self):
        return int((time.monotonic() - self._start) * 1000)

    def busy(self, ms):
        # Deliberately a blocking sleep: the synchronous call in an
        # asynchronous program, which stops every other task.
        time.sleep(min(ms / 1000, CENTURY_S))

    def wait_until(self, deadline):
        time.sleep(self.seconds_until(deadline))

    def seconds_until(self, deadline):
        return min(max(0.0, self._start + deadline / 1000 - time.monotonic()), CENTURY_S)


class TimerHandle:
    """A scheduled timer, so that it can be cancelled. `callback` is None
    once the timer has fired (moved to the ready queue) or was cancelled."""

    __slots__ = ("deadline", "callback")

    def __init__(self, deadline, callback):
        self.deadline = deadline
        self.callback = callback


class Watcher:
    __slots__ = ("fd", "interest", "callback")

    def __init__(self, fd, interest, callback):
        self.fd = fd
        self.interest = interest
        self.callback = callback


class Loop:
    def __init__(self, clock="virtual"):
        self.clock = VirtualClock() if clock == "virtual" else RealClock()
        self._ready = deque()
        self._timers = []  # heap of (deadline, sequence, TimerHandle)
        self._sequence = 0  # scheduling order: the tie-breaker of equal deadlines
        self._live_timers = 0  # scheduled, neither fired nor cancelled
        self._watchers = []  # in registration order
        self._selector = None  # made when the first watcher comes

    def now(self):
        return self.clock.now()

    def busy(self, ms):
        """Work that does not give control back: nobody else runs meanwhile."""
        self.clock.busy(ms)

    def call_soon(self, callback):
        """Call it in the next iteration, after everything already scheduled."""
        self._ready.append(callback)

    def call_at(self, deadline, callback):
        """Call it in the first iteration at or after `deadline` (ms)."""
        handle = TimerHandle(deadline, callback)
        heapq.heappush(self._timers, (deadline, self._sequence, handle))
        self._sequence += 1
        self._live_timers += 1
        return handle

    def call_later(self, delay, callback):
        return self.call_at(self.now() + delay, callback)

    def cancel_timer(self, handle):
        """False if it already fired (its callback waits in the ready queue)
        or was cancelled. The entry stays in the heap until it reaches the
        top (lazy cancellation, as in asyncio)."""
        if handle.callback is None:
            return False
        handle.callback = None
        self._live_timers -= 1
        return True

    def watch(self, fd, interest, callback):
        """Call it once, in the first iteration in which `fd` is ready for
        `interest` (READABLE or WRITABLE), or has an error or hang-up."""
        watcher = Watcher(fd, interest, callback)
        self._watchers.append(watcher)
        return watcher

    def unwatch(self, watcher):
        if watcher not in self._watchers:
            return False
        self._watchers.remove(watcher)
        return True

    def has_work(self):
        return bool(self._ready) or self._live_timers > 0 or bool(self._watchers)

    def run(self):
        while self.run_once():
            pass

    def run_once(self):
        """One iteration; False when there was nothing left to do."""
        # Step 1: how long may this iteration wait? Not at all if something
        # is ready; until the earliest timer; forever if only watchers are
        # left. Nothing at all left: the run is over.
        if not self.has_work():
            return False
        must_not_wait = bool(self._ready)
        self._discard_cancelled_timers()  # so that the top of the heap is live

        # Step 2: wait for I/O, or for the earliest timer. Ready watchers'
        # callbacks join the ready queue; the virtual clock jumps.
        if self._watchers:
            timeout = None
            if must_not_wait:
                timeout = 0
            elif self._live_timers:
                timeout = self.clock.seconds_until(self._timers[0][0])
            self._poll_watchers(timeout)
        if not self._ready and self._live_timers:
            self.clock.wait_until(self._timers[0][0])

        # Step 3: due timers join the ready queue, earliest (then oldest) first.
        now = self.now()
        while self._timers and self._timers[0][0] <= now:
            handle = heapq.heappop(self._timers)[2]
            if handle.callback is not None:
                self._ready.append(handle.callback)
                handle.callback = None  # fired: too late to cancel it
                self._live_timers -= 1

        # Step 4: call exactly what is ready now. What these callbacks
        # schedule lands in the fresh queue and waits for the next
        # iteration. This is the only place where the loop calls back into
        # tasks.
        running, self._ready = self._ready, deque()
        while running:
            callback = running.popleft()
            try:
                callback()
            except BaseException:
                # Keep the ones this batch did not get to, ahead of newer ones.
                running.extend(self._ready)
                self._ready = running
                raise
        return True

    def clear(self):
        """Drops everything scheduled without calling it."""
        self._ready.clear()
        self._timers.clear()
        self._live_timers = 0
        self._watchers.clear()

    def _discard_cancelled_timers(self):
        while self._timers and self._timers[0][2].callback is None:
            heapq.heappop(self._timers)

    def _poll_watchers(self, timeout):
        if self._selector is None:
            self._selector = selectors.DefaultSelector()
        wanted = {}
        for w in self._watchers:
            wanted[w.fd] = wanted.get(w.fd, 0) | w.interest
        for fd, events in wanted.items():
            self._selector.register(fd, events)
        try:
            ready = {key.fd: events for key, events in self._selector.select(timeout)}
        finally:
            for fd in wanted:
                self._selector.unregister(fd)
        # Ready watchers fire in registration order.
        kept = []
        for w in self._watchers:
            if ready.get(w.fd, 0) & w.interest:
                self._ready.append(w.callback)
            else:
                kept.append(w)
        self._watchers = kept
