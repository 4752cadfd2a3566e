// WRONG: see players.cpp.
#include "labs/02-blocking-call/exhibition.hpp"

#include "coroutines/runtime.hpp"
#include "players.hpp"

namespace coop::lab02 {

namespace {

coroutines::Task<void> play_table(chess::Exhibition e) {
    for (int move = 0; move < e.move_pairs; ++move) {
        co_await master_moves(e);
        co_await opponent_answers(e);  // the table's task suspends in here
    }
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
