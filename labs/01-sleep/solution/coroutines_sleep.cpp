// coroutines: await_suspend runs when the coroutine has already stopped at
// its co_await; it arranges the wake-up and says whether to really wait.
// await_resume runs when the task goes on, and is where a cancellation
// becomes an exception.
#include "coroutines_sleep.hpp"

namespace coop::lab01 {

CoroutinesSleep::CoroutinesSleep(Duration d) : duration_(d) {}

bool CoroutinesSleep::await_suspend(std::coroutine_handle<> me) {
    coroutines::Runtime& rt = coroutines::Runtime::current();
    self_ = &rt.current_task();
    const bool yield = duration_ <= Duration::zero();
    // The runtime will resume `me`. False means a cancel was due here.
    if (!rt.suspend(*self_, me, yield ? WaitingFor::Ready : WaitingFor::Timer,
                    rt.loop().now() + duration_)) {
        return false;  // do not wait: await_resume throws Cancelled
    }
    if (yield) {
        rt.wake_soon(*self_);  // the back of the ready queue
    } else {
        // A timer callback of this sleep's own wakes the task: it goes on in
        // its turn in the ready queue, one iteration after the timer, as in
        // asyncio. (The library's sleep gives the loop the task itself.)
        // cancel() finds the timer in self_->timer and removes it; once
        // woken, the task waits for Ready and the timer is not looked at.
        coroutines::TaskRecord* task = self_;
        self_->timer = rt.loop().call_later(duration_, [&rt, task] { rt.wake_soon(*task); });
    }
    return true;  // ← control goes back to the loop
}

void CoroutinesSleep::await_resume() {
    coroutines::Runtime::rethrow_thrown_in(*self_);
}

}  // namespace coop::lab01
