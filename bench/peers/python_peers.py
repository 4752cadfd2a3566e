#!/usr/bin/env python3
"""coop's yield and ping-pong workloads in Python: asyncio, uvloop (if
installed: python3-uvloop) and greenlet (python3-greenlet). Prints one JSON
object per line: {"peer", "workload", "ns_per_op"}.

  yield:      1,000 tasks each yielding 1,000 times (asyncio.sleep(0))
  ping_pong:  100,000 values through a queue of capacity 1 between two tasks
"""
import asyncio
import collections
import json
import time

TASKS, YIELDS, MESSAGES = 1000, 1000, 100_000


def report(peer, workload, seconds, ops):
    print(json.dumps({"peer": peer, "workload": workload, "ns_per_op": seconds * 1e9 / ops}))


async def yielder():
    for _ in range(YIELDS):
        await asyncio.sleep(0)


async def yield_workload():
    await asyncio.gather(*(yielder() for _ in range(TASKS)))


async def ping_pong_workload():
    queue = asyncio.Queue(maxsize=1)

    async def ping():
        for i in range(MESSAGES):
            await queue.put(i)

    async def pong():
        for _ in range(MESSAGES):
            await queue.get()

    await asyncio.gather(ping(), pong())


def timed(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def asyncio_like(peer, new_loop):
    for workload, coro, ops in (("yield", yield_workload, TASKS * YIELDS),
                                ("ping_pong", ping_pong_workload, MESSAGES)):
        loop = new_loop()
        try:
            seconds = timed(lambda: loop.run_until_complete(coro()))
        finally:
            loop.close()
        report(peer, workload, seconds, ops)


def greenlet_peer():
    import greenlet

    # A minimal hub: a round-robin ready queue of greenlets, like a loop.
    ready = collections.deque()
    hub = greenlet.getcurrent()

    def task():
        for _ in range(YIELDS):
            ready.append(greenlet.getcurrent())
            hub.switch()

    def run_yields():
        for _ in range(TASKS):
            ready.append(greenlet.greenlet(task))
        while ready:
            ready.popleft().switch()

    report("greenlet", "yield", timed(run_yields), TASKS * YIELDS)

    def run_ping_pong():
        def pong():
            for _ in range(MESSAGES):
                hub.switch()  # hand control (and the value's turn) back

        other = greenlet.greenlet(pong)
        for _ in range(MESSAGES):
            other.switch()

    report("greenlet", "ping_pong", timed(run_ping_pong), MESSAGES)


if __name__ == "__main__":
    asyncio_like("asyncio", asyncio.new_event_loop)
    try:
        import uvloop
        asyncio_like("uvloop", uvloop.new_event_loop)
    except ImportError:
        pass
    try:
        greenlet_peer()
    except ImportError:
        pass
