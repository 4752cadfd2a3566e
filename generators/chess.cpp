// One table of the exhibition is a generator that yields what it waits for.
// `co_yield SleepFor` is where the table's task hands the master back: the
// driver (runtime.cpp) reads the request and asks the loop to wake the task
// when the opponent has answered. The loop counter `move` survives in the
// generator's frame. state_machine.cpp is this same task written out by hand.
#include "generators/chess.hpp"

#include "generators/runtime.hpp"

namespace coop::generators {

namespace {

TaskGenerator play_table(chess::Exhibition e) {
    for (int move = 0; move < e.move_pairs; ++move) {
        co_yield BusyFor{e.master_move};     // the master thinks: nobody else runs
        co_yield SleepFor{e.opponent_move};  // ← suspends: the master walks on
    }
}

}  // namespace

void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace) {
    Runtime runtime(loop, &trace);
    for (int table = 0; table < e.tables; ++table) {
        runtime.spawn(runtime.create_task(chess::table_name(table)), play_table(e));
    }
    loop.run();
}

}  // namespace coop::generators
