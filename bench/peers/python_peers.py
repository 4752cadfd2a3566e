#!/usr/bin/env python3
"""coop's yield and ping-pong workloads in Python: asyncio, uvloop (if
installed: python3-uvloop) and greenlet (python3-greenlet). Prints one JSON
object per line: {"peer", "workload", "ns_per_op"}.

  yield:      1,000 tasks each yielding 1,000 times (asyncio.sleep(0))
  ping_pong:  100,000 values through a queue of capacity 1 between two tasks
  memory:     100,000 asyncio tasks suspended in asyncio.sleep(3600): the
              Python heap they hold (tracemalloc) and the resident memory
              they added, per task: {"peer", "workload", "tasks",
              "held_bytes_per_task", "resident_bytes_per_task"}
"""
import asyncio
import collections
import json
import os
import time
import tracemalloc

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


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def suspended_tasks_grow(tasks, measure):
    """What `measure()` grows by while `tasks` asyncio tasks, started,
    wait in asyncio.sleep(3600), per task."""
    loop = asyncio.new_event_loop()
    before = measure()
    waiting = [loop.create_task(asyncio.sleep(3600)) for _ in range(tasks)]
    loop.run_until_complete(asyncio.sleep(0))  # every task starts and suspends
    grown = (measure() - before) / tasks
    for task in waiting:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*waiting, return_exceptions=True))
    loop.close()
    return grown


def asyncio_memory(tasks=100_000):
    """As coop's bench/memory.cpp counts its tasks. Resident memory is taken
    in a run of its own: tracemalloc's bookkeeping takes memory too."""
    resident = suspended_tasks_grow(tasks, resident_bytes)
    tracemalloc.start()
    held = suspended_tasks_grow(tasks, lambda: tracemalloc.get_traced_memory()[0])
    tracemalloc.stop()
    print(json.dumps({"peer": "asyncio", "workload": "memory", "tasks": tasks,
                      "held_bytes_per_task": held, "resident_bytes_per_task": resident}))


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
    asyncio_memory()
