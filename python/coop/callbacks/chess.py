"""One table of the chess exhibition written with continuations (the twin of
callbacks/chess.cpp). There is no loop statement to suspend in the middle of:
"the rest of the game" is a method (play_next_move), and the move counter
must outlast each suspension, so it is a field, not a local."""
from ..tasks import CANCEL, CANCELLED, ENDED
from .runtime import Runtime


class Table:
    def __init__(self, runtime, task, exhibition):
        self.runtime = runtime
        self.task = task
        self.e = exhibition
        self.moves_played = 0

    def play_next_move(self, wakeup):
        if wakeup.kind == CANCEL:
            self.runtime.finish(self.task, CANCELLED)
            return
        if self.moves_played == self.e.move_pairs:
            self.runtime.finish(self.task, ENDED)
            return
        self.runtime.loop.busy(self.e.master_move)  # the master thinks: nobody else runs
        self.moves_played += 1
        self.runtime.sleep(self.task, self.e.opponent_move, self.play_next_move)
        # ← and return: nothing of this call survives but moves_played and
        # the saved continuation.


def play_exhibition(e, loop, trace):
    runtime = Runtime(loop, trace)
    for table in range(e.tables):
        task = runtime.create_task(e.table_name(table))
        runtime.spawn(task, Table(runtime, task, e).play_next_move)
    loop.run()
