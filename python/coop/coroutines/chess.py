"""One table of the chess exhibition as an `async def` task (the twin of
coroutines/chess.cpp): the same `for` loop as the generator, with `await`
where it waits for the opponent.

`table` is written once for two loops: here on coop's loop, whose virtual
clock gives exactly 3,655 s and the chess scenario's trace, and in
real_asyncio.py on asyncio's own loop, with a scaled real clock."""
from . import runtime as co
from .runtime import Runtime


async def table(e, think, wait_for_answer):
    """think(ms): the master's move, which does not give control back;
    wait_for_answer(ms): an awaitable that does."""
    for _move in range(e.move_pairs):
        think(e.master_move)  # the master thinks: nobody else runs
        await wait_for_answer(e.opponent_move)  # ← suspended until the opponent answers


def play_exhibition(e, loop, trace):
    runtime = Runtime(loop, trace)
    for number in range(e.tables):
        body = table(e, loop.busy, lambda ms: co.sleep(runtime, ms))
        runtime.spawn(runtime.create_task(e.table_name(number)), body)
    loop.run()
