// callbacks: to sleep is to save the rest of the task and return. The loop
// must call back after `d`, and the runtime must know what the task waits
// for, so that cancel() can undo it.
#include "labs/01-sleep/sleep.hpp"

#include <utility>

namespace coop::lab01 {

void callbacks_sleep(callbacks::Runtime& rt, callbacks::TaskRecord& self, Duration d,
                     callbacks::Continuation next) {
    const bool yield = d <= Duration::zero();
    // The suspension point: `next` is saved in the task. False means a
    // cancel was due here: `next` has already been told, nothing waits.
    if (!rt.suspend(self, yield ? WaitingFor::Ready : WaitingFor::Timer, std::move(next),
                    rt.loop().now() + d)) {
        return;
    }
    if (yield) {
        rt.wake_soon(self);  // the back of the ready queue
        return;
    }
    callbacks::TaskRecord* task = &self;
    // The runtime's own sleep gives the loop the task itself, which goes on
    // as soon as its timer is due; here a callback wakes it with what is
    // public, wake_soon, and the task goes on one iteration after the
    // timer, as in asyncio.
    // cancel() finds the timer in task.timer (the task waits for a Timer)
    // and removes it; once woken, the task waits for Ready and the timer is
    // no longer looked at.
    self.timer = rt.loop().call_later(d, [&rt, task] { rt.wake_soon(*task); });
    // ← and return: the caller returns too, and control is back in the loop.
}

}  // namespace coop::lab01
