// WRONG (a missed step): sleep(0) is taken for "no sleep at all", and the
// task goes straight on, where it should give the others a turn: one trip
// round the ready queue. The timers are right, so the exhibition passes; the
// tasks that take turns with sleep(0) never do. (The generators' sleep has
// the same mistake; the coroutines' and fibers' are the solution's.)
#include "labs/01-sleep/sleep.hpp"

#include <utility>

namespace coop::lab01 {

void callbacks_sleep(callbacks::Runtime& rt, callbacks::TaskRecord& self, Duration d,
                     callbacks::Continuation next) {
    if (d <= Duration::zero()) {
        next(callbacks::Wakeup{});  // nothing to wait for, or so it seems
        return;
    }
    if (!rt.suspend(self, WaitingFor::Timer, std::move(next), rt.loop().now() + d)) {
        return;
    }
    callbacks::TaskRecord* task = &self;
    self.timer = rt.loop().call_later(d, [&rt, task] { rt.wake_soon(*task); });
}

}  // namespace coop::lab01
