"""One table of the chess exhibition as a greenlet (the twin of
fibers/chess.cpp): ordinary code, the same `for` loop, and a sleep that
looks like a blocking call but switches to the hub."""
from . import runtime as g
from .runtime import Runtime


def play_exhibition(e, loop, trace):
    runtime = Runtime(loop, trace)

    def table():
        for _move in range(e.move_pairs):
            loop.busy(e.master_move)  # the master thinks: nobody else runs
            g.sleep(runtime, e.opponent_move)  # ← suspended until the opponent answers

    for number in range(e.tables):
        runtime.spawn(runtime.create_task(e.table_name(number)), table)
    loop.run()
