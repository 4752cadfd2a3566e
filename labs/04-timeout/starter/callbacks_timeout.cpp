// callbacks: the race between the work and an alarm, with nothing on any
// stack: what both sides need (the alarm's timer, whether it rang) must live
// somewhere that the alarm's callback and the caller's continuation can
// both reach.
#include "labs/04-timeout/timeout.hpp"

#include <memory>
#include <utility>

namespace coop::lab04 {

void callbacks_timeout(callbacks::Runtime& rt, callbacks::TaskRecord& self,
                       [[maybe_unused]] Duration limit, const callbacks::TaskHandle& work,
                       callbacks::Continuation first_step, AfterTimeout next) {
    // LAB: set an alarm that cancels the work after `limit` (a loop timer),
    // and say TimedOut when the work was cancelled by it. When the join's
    // continuation runs, remove the alarm; if it runs because the caller
    // was cancelled (Wakeup::Cancelled), cancel the work too.
    //
    // As it is, the caller waits for the work as long as it takes.
    rt.spawn(work, std::move(first_step));
    rt.join(self, work, [next = std::move(next)](const callbacks::Wakeup& w) {
        switch (w.kind) {
            case callbacks::Wakeup::Resumed:
                next({TimeoutOutcome::Finished, {}});
                return;
            case callbacks::Wakeup::JoinedTaskFailed:
                next({TimeoutOutcome::Failed, w.failure});
                return;
            case callbacks::Wakeup::JoinedTaskCancelled:
            case callbacks::Wakeup::Cancelled:
                next({TimeoutOutcome::Cancelled, {}});
                return;
        }
    });
}

}  // namespace coop::lab04
