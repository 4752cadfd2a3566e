// coroutines: await_suspend runs when the coroutine has already stopped at
// its co_await; it arranges the wake-up and says whether to really wait.
// await_resume runs when the task goes on, and is where a cancellation
// becomes an exception.
#include "coroutines_sleep.hpp"

namespace coop::lab01 {

CoroutinesSleep::CoroutinesSleep([[maybe_unused]] Duration d) {
    // LAB: keep what you need.
}

bool CoroutinesSleep::await_suspend([[maybe_unused]] std::coroutine_handle<> me) {
    // LAB: tell the runtime that the current task waits (Runtime::suspend,
    // to be resumed at `me`), ask the loop to call a callback of yours after
    // the duration that wakes the task (Runtime::wake_soon; keep the timer's
    // id in the task's `timer`), or wake it at once when the duration is 0,
    // and return true.
    //
    // As it is, the coroutine does not wait: false means "go on at once".
    return false;
}

void CoroutinesSleep::await_resume() {
    // LAB: a task woken to be cancelled must throw Cancelled here.
}

}  // namespace coop::lab01
