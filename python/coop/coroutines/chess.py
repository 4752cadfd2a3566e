"""One table of the chess exhibition as an `async def` task (the twin of
coroutines/chess.cpp): the same `for` loop as the generator, with `await`
where it waits for the opponent."""
from . import runtime as co
from .runtime import Runtime


async def table(runtime, e):
    for _move in range(e.move_pairs):
        runtime.loop.busy(e.master_move)  # the master thinks: nobody else runs
        await co.sleep(runtime, e.opponent_move)  # ← suspended until the opponent answers


def play_exhibition(e, loop, trace):
    runtime = Runtime(loop, trace)
    for number in range(e.tables):
        runtime.spawn(runtime.create_task(e.table_name(number)), table(runtime, e))
    loop.run()
