"""The same `async def` table (coroutines/chess.py) on asyncio's own loop.

asyncio's clock is real and a float (loop.time(), in seconds), so the
exhibition runs with a scaled real clock: one simulated second takes
`scale` real seconds. Its length comes out near 3,655 s, never exactly, and
its times would not make the trace of the chess scenario: that is why coop's
Python twins run on a loop of their own (docs/python.md).

count_sleep_iterations() shows the other difference: a task awaiting
asyncio.sleep goes on one loop iteration after its timer fired, where a coop
task goes on in the timer's own iteration.
"""
import asyncio
import time

from .coroutines.chess import table


def play_exhibition_on_asyncio(e, scale):
    """Returns (simulated seconds, real seconds) of the exhibition on a new
    asyncio loop."""

    def think(ms):
        # Work that does not give control back, like coop's busy: nobody else
        # runs. A spin rather than time.sleep, whose overshoot (a good part
        # of a millisecond on a busy machine) would swamp the scaled moves.
        until = time.perf_counter() + ms / 1000 * scale
        while time.perf_counter() < until:
            pass

    def wait_for_answer(ms):
        return asyncio.sleep(ms / 1000 * scale)

    async def exhibition():
        loop = asyncio.get_running_loop()
        start = loop.time()
        await asyncio.gather(*(table(e, think, wait_for_answer) for _ in range(e.tables)))
        return loop.time() - start

    real = asyncio.run(exhibition())
    return real / scale, real


class CountingLoop(asyncio.SelectorEventLoop):
    """asyncio's loop, counting its iterations (BaseEventLoop._run_once) and
    noting the iteration in which each timer's callback runs."""

    def __init__(self):
        super().__init__()
        self.iteration = 0
        self.timer_ran = []

    def _run_once(self):
        self.iteration += 1
        super()._run_once()

    def call_at(self, when, callback, *args, context=None):
        def noted(*a):
            self.timer_ran.append(self.iteration)
            callback(*a)

        return super().call_at(when, noted, *args, context=context)


def count_sleep_iterations(delay=0.001):
    """How many iterations after its timer's callback a task awaiting
    asyncio.sleep(delay) goes on: (iteration the timer ran, iteration the
    task went on)."""
    loop = CountingLoop()
    went_on = []

    async def sleeper():
        await asyncio.sleep(delay)
        went_on.append(loop.iteration)

    try:
        loop.run_until_complete(sleeper())
    finally:
        loop.close()
    return loop.timer_ran[0], went_on[0]


def count_coop_sleep_iterations(delay=1):
    """The same on coop's loop, in the coroutines technique."""
    from .coroutines import runtime as co
    from .loop import Loop

    class CountingCoopLoop(Loop):
        iteration = 0

        def run_once(self):
            self.iteration += 1
            return super().run_once()

        def call_at(self, deadline, callback):
            def noted():
                self.timer_ran.append(self.iteration)
                callback()

            return super().call_at(deadline, noted)

    loop = CountingCoopLoop()
    loop.timer_ran = []
    went_on = []
    runtime = co.Runtime(loop)

    async def sleeper():
        await co.sleep(runtime, delay)
        went_on.append(loop.iteration)

    runtime.spawn(runtime.create_task("sleeper"), sleeper())
    loop.run()
    return loop.timer_ran[0], went_on[0]
