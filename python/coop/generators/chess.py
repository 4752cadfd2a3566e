"""One table of the chess exhibition as a generator (the twin of
generators/chess.cpp): the game is a plain `for` loop, and the move counter
a local that survives each `yield`, in the generator's frame."""
from .requests import BusyFor, SleepFor
from .runtime import Runtime


def table(e):
    for _move in range(e.move_pairs):
        yield BusyFor(e.master_move)  # the master thinks: nobody else runs
        yield SleepFor(e.opponent_move)  # ← suspended until the opponent answers


def play_exhibition(e, loop, trace):
    runtime = Runtime(loop, trace)
    for number in range(e.tables):
        runtime.spawn(runtime.create_task(e.table_name(number)), table(e))
    loop.run()
