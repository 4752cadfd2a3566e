// LAB: see players.cpp. The tables are coroutine tasks on one loop, so
// while one opponent thinks the master should be playing at the next table.
#include "labs/02-blocking-call/exhibition.hpp"

#include "coroutines/runtime.hpp"
#include "players.hpp"

namespace coop::lab02 {

namespace {

coroutines::Task<void> play_table(chess::Exhibition e) {
    for (int move = 0; move < e.move_pairs; ++move) {
        master_moves(e);
        opponent_answers(e);
    }
    co_return;
}

}  // namespace

void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace) {
    coroutines::Runtime runtime(loop, &trace);
    for (int table = 0; table < e.tables; ++table) {
        runtime.spawn(chess::table_name(table), play_table(e));
    }
    loop.run();
}

}  // namespace coop::lab02
