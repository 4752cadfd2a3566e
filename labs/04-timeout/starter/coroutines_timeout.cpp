// coroutines: the work must be a task of its own, or it could not be
// cancelled without cancelling the caller. The caller races it against an
// alarm, and whichever comes first settles the race.
#include "labs/04-timeout/timeout.hpp"

#include <utility>

#include "coroutines/runtime.hpp"

namespace coop::lab04 {

coroutines::Task<std::int64_t> coroutines_timeout([[maybe_unused]] Duration limit,
                                                  [[maybe_unused]] std::string name,
                                                  coroutines::Task<std::int64_t> work) {
    // LAB: spawn the work as a task named `name` (spawn_with_result), set an
    // alarm that cancels it after `limit` (a loop timer), and join it. Turn
    // the JoinedTaskCancelled of a work cancelled by the alarm into
    // TimedOut. However this coroutine leaves, remove the alarm and cancel
    // the work if it still runs (a destructor does that best).
    //
    // As it is, the work runs as a nested call, for as long as it takes.
    co_return co_await std::move(work);
}

}  // namespace coop::lab04
