// fibers: a plain function. It arranges the wake-up, then switches to the
// loop's stack; the call returns when the loop switches back.
#include "labs/01-sleep/sleep.hpp"

#include "fibers/runtime.hpp"

namespace coop::lab01 {

void fibers_sleep([[maybe_unused]] Duration d) {
    // LAB: switch to the loop (Runtime::suspend), telling it how the task is
    // to be woken: after d by a timer callback of yours that wakes it
    // (Runtime::wake_soon; keep the timer's id in the task's `timer`), or at
    // the back of the ready queue when d is 0.
    //
    // As it is, the call returns at once: the task never waits.
}

}  // namespace coop::lab01
