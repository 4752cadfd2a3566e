// The blocking call was wait_for: busy() holds the loop, as time.sleep()
// would in an asyncio program, so every other table waited for each
// opponent. Waiting for someone else must suspend (co_await sleep), and
// that makes wait_for a coroutine, and opponent_answers, which awaits it,
// one too. The master's busy() stays: her thinking really is work.
#include "players.hpp"

#include "coroutines/suspend.hpp"

namespace coop::lab02 {

namespace {

// Waits until `d` has passed, letting the loop run the other tasks.
coroutines::Task<void> wait_for(Duration d) {
    co_await coroutines::sleep(d);
}

}  // namespace

void master_moves(const chess::Exhibition& e) {
    // She thinks. Nobody else can have her attention meanwhile.
    coroutines::busy(e.master_move);
}

coroutines::Task<void> opponent_answers(const chess::Exhibition& e) {
    co_await wait_for(e.opponent_move);
}

}  // namespace coop::lab02
