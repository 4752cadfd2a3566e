// fibers: the same race as with coroutines, in plain calls. join() blocks
// this fiber only; the alarm rings from the loop.
#include "labs/04-timeout/timeout.hpp"

#include <memory>
#include <utility>

#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"

namespace coop::lab04 {

std::int64_t fibers_timeout([[maybe_unused]] Duration limit, [[maybe_unused]] std::string name,
                            std::function<std::int64_t()> work) {
    // LAB: spawn the work as a task named `name`, set an alarm that cancels
    // it after `limit` (a loop timer), and join it. Turn the
    // JoinedTaskCancelled of a work cancelled by the alarm into TimedOut.
    // However this function leaves, remove the alarm and cancel the work if
    // it still runs.
    //
    // As it is, the work runs as a plain call, for as long as it takes.
    return work();
}

}  // namespace coop::lab04
