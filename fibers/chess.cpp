// One table of the exhibition is an ordinary loop in an ordinary function.
// `sleep` looks like a blocking call, but it switches from the table's own
// stack to the loop's: the loop counter `move` simply stays on that stack
// while the task is suspended.
#include "fibers/chess.hpp"

#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"

namespace coop::fibers {

namespace {

void play_table(const chess::Exhibition& e) {
    for (int move = 0; move < e.move_pairs; ++move) {
        busy(e.master_move);     // the master thinks: nobody else runs
        sleep(e.opponent_move);  // ← suspends: the master walks on
    }
}

}  // namespace

void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace, Backend backend) {
    Runtime runtime(loop, &trace);
    for (int table = 0; table < e.tables; ++table) {
        runtime.spawn(
            chess::table_name(table), [&e] { play_table(e); }, backend);
    }
    loop.run();
}

void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace) {
    play_exhibition(e, loop, trace, Backend::Fiber);
}

}  // namespace coop::fibers
