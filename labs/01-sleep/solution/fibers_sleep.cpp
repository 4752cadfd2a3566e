// fibers: a plain function. It says how the task is to be woken, then
// switches to the loop's stack; the call returns when the loop switches back.
#include "labs/01-sleep/sleep.hpp"

#include "fibers/runtime.hpp"

namespace coop::lab01 {

void fibers_sleep(Duration d) {
    fibers::Runtime& rt = fibers::Runtime::current();
    fibers::TaskRecord& task = rt.current_task();
    // Runtime::suspend throws Cancelled if a cancel is due here (then the
    // wake-up is never arranged) or if the task is woken to be cancelled.
    if (d <= Duration::zero()) {
        rt.suspend(task, WaitingFor::Ready, [&] { rt.wake_soon(task); });  // back of the queue
    } else {
        // A timer callback of this sleep's own wakes the task into the ready
        // queue, as in asyncio (the library's sleep gives the loop the task
        // itself); cancel() finds the timer in task.timer.
        fibers::TaskRecord* waiting = &task;
        rt.suspend(
            task, WaitingFor::Timer,
            [&] {
                task.timer = rt.loop().call_later(d, [&rt, waiting] { rt.wake_soon(*waiting); });
            },
            rt.loop().now() + d);
    }
}

}  // namespace coop::lab01
