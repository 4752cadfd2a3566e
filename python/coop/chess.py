"""The chess exhibition's arithmetic: the twin of common/chess.hpp.

A master plays `tables` opponents at once, moving in `master_move` at each
table while each opponent takes `opponent_move` to answer, `move_pairs`
pairs a game. Times in whole milliseconds, as on the loop's clock.
"""


class Exhibition:
    def __init__(self, tables=24, move_pairs=30, master_move=5_000, opponent_move=55_000):
        self.tables = tables
        self.move_pairs = move_pairs
        self.master_move = master_move
        self.opponent_move = opponent_move

    @staticmethod
    def table_name(table):
        return f"table{table:02d}"  # as in the chess scenarios

    def synchronous_length(self):
        """One game after another, on one thread of control."""
        return self.tables * self.move_pairs * (self.master_move + self.opponent_move)

    def round_length(self):
        """A round (her move at every table) lasts as long as the longer of
        her moves at all tables and one table's cycle."""
        return max(self.tables * self.master_move, self.master_move + self.opponent_move)

    def asynchronous_length(self):
        """One master walking from table to table: the last round ends with
        the last table's answer."""
        return (
            (self.move_pairs - 1) * self.round_length()
            + self.tables * self.master_move
            + self.opponent_move
        )

    def asynchronous_switches(self):
        """Each table's task is started once and resumed after each answer."""
        return self.tables * (self.move_pairs + 1)


def play_synchronously(e, loop):
    """No concurrency: a blocking wait for every answer."""
    start = loop.now()
    for _table in range(e.tables):
        for _move in range(e.move_pairs):
            loop.busy(e.master_move)
            loop.busy(e.opponent_move)  # she waits at the table for the answer
    return loop.now() - start
