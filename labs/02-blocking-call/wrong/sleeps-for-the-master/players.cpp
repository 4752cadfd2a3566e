// WRONG (too much suspended): every wait became a sleep, the master's
// thinking too. But her thinking is work: while she thinks at one table,
// she cannot play at the next. The exhibition now takes less than the
// arithmetic allows, as if there were 24 masters.
#include "players.hpp"

#include "coroutines/suspend.hpp"

namespace coop::lab02 {

coroutines::Task<void> master_moves(const chess::Exhibition& e) {
    co_await coroutines::sleep(e.master_move);
}

coroutines::Task<void> opponent_answers(const chess::Exhibition& e) {
    co_await coroutines::sleep(e.opponent_move);
}

}  // namespace coop::lab02
