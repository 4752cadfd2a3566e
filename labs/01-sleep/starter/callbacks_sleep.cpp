// callbacks: to sleep is to save the rest of the task and return. The loop
// must call back after `d`, and the runtime must know what the task waits
// for, so that cancel() can undo it.
#include "labs/01-sleep/sleep.hpp"

#include <utility>

namespace coop::lab01 {

void callbacks_sleep([[maybe_unused]] callbacks::Runtime& rt,
                     [[maybe_unused]] callbacks::TaskRecord& self, [[maybe_unused]] Duration d,
                     callbacks::Continuation next) {
    // LAB: make the task wait. Save `next` in the task (Runtime::suspend), then
    // arrange for the loop to wake it: after `d` for a timer (keep the timer's
    // id in self.timer, cancel() needs it), or at the back of the ready queue
    // when d <= 0.
    //
    // As it is, the rest of the task runs at once, nested in this call: the
    // task never gives control back.
    next(callbacks::Wakeup{});
}

}  // namespace coop::lab01
