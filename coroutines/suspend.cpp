#include "coroutines/suspend.hpp"

namespace coop::coroutines {

bool SleepAwaiter::await_suspend(std::coroutine_handle<> me) {
    Runtime& rt = Runtime::current();
    self_ = &rt.current_task();
    const WaitingFor what = duration_ > Duration::zero() ? WaitingFor::Timer : WaitingFor::Ready;
    if (!rt.suspend(*self_, me, what, rt.loop().now() + duration_)) {
        return false;  // cancelled here instead of suspending
    }
    TaskRecord* task = self_;
    if (what == WaitingFor::Ready) {
        rt.wake_soon(*task);  // a yield: the back of the ready queue
    } else {
        // When the timer fires, the loop runs the task itself (TaskRecord::run).
        task->timer = rt.loop().call_later(duration_, *task);
    }
    return true;  // ← control goes back to the loop
}

void SleepAwaiter::await_resume() {
    Runtime::rethrow_thrown_in(*self_);
}

bool FdAwaiter::await_suspend(std::coroutine_handle<> me) {
    Runtime& rt = Runtime::current();
    self_ = &rt.current_task();
    if (!rt.suspend(*self_, me, WaitingFor::Fd)) {
        return false;
    }
    TaskRecord* task = self_;
    task->watch = rt.loop().watch(fd_, interest_, *task);
    return true;  // ← control goes back to the loop
}

void FdAwaiter::await_resume() {
    Runtime::rethrow_thrown_in(*self_);
}

}  // namespace coop::coroutines
