// fibers: a plain function. It arranges the wake-up, then switches to the
// loop's stack; the call returns when the loop switches back.
#include "labs/01-sleep/sleep.hpp"

#include "fibers/runtime.hpp"

namespace coop::lab01 {

void fibers_sleep(Duration d) {
    fibers::Runtime& rt = fibers::Runtime::current();
    fibers::TaskRecord& task = rt.current_task();
    if (d <= Duration::zero()) {
        rt.prepare_to_suspend(task, WaitingFor::Ready);  // throws if a cancel is due here
        rt.wake_soon(task);                              // the back of the ready queue
    } else {
        rt.prepare_to_suspend(task, WaitingFor::Timer, rt.loop().now() + d);
        // The loop runs the task itself (a TaskRecord is the loop's
        // Runnable) when the timer is due; cancel() finds the timer in
        // task.timer.
        task.timer = rt.loop().call_later(d, task);
    }
    rt.suspend(task);  // ← the switch; throws Cancelled if woken to be cancelled
}

}  // namespace coop::lab01
