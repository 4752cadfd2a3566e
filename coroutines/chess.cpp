// One table of the exhibition is an ordinary loop. `co_await sleep` is where
// the table's task hands the master back to the event loop; the loop counter
// `move` survives in the coroutine's frame while the task is suspended.
#include "coroutines/chess.hpp"

#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"

namespace coop::coroutines {

namespace {

Task<void> play_table(chess::Exhibition e) {
    for (int move = 0; move < e.move_pairs; ++move) {
        busy(e.master_move);              // the master thinks: nobody else runs
        co_await sleep(e.opponent_move);  // ← suspends: the master walks on
    }
}

}  // namespace

void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace) {
    Runtime runtime(loop, &trace);
    for (int table = 0; table < e.tables; ++table) {
        runtime.spawn(chess::table_name(table), play_table(e));
    }
    loop.run();
}

}  // namespace coop::coroutines
