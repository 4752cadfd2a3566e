// WRONG (a missed step): the alarm is never removed. When the work is in
// time, the caller hears its value at once, but the alarm stays in the
// loop: it rings at the limit and cancels a task that has already ended,
// and until then the loop is not over. The generators' timeout makes the
// same mistake (its alarm task is never cancelled). In coroutines and
// fibers the alarm's callback points into the waiting frame or stack, which
// is gone by the time it rings: there the same mistake is a use-after-free,
// so their files here are the solution's.
#include "labs/04-timeout/timeout.hpp"

#include <memory>
#include <utility>

namespace coop::lab04 {

namespace {

struct Race {
    TimerId alarm;
    bool rang = false;
};

TimeoutOutcome outcome_of(const callbacks::Wakeup& joined, bool alarm_rang) {
    switch (joined.kind) {
        case callbacks::Wakeup::Resumed:
            return {TimeoutOutcome::Finished, {}};
        case callbacks::Wakeup::JoinedTaskFailed:
            return {TimeoutOutcome::Failed, joined.failure};
        case callbacks::Wakeup::JoinedTaskCancelled:
            // Cancelled by the alarm, or by someone else.
            return {alarm_rang ? TimeoutOutcome::TimedOut : TimeoutOutcome::Cancelled, {}};
        case callbacks::Wakeup::Cancelled:
            break;
    }
    return {TimeoutOutcome::Cancelled, {}};
}

}  // namespace

void callbacks_timeout(callbacks::Runtime& rt, callbacks::TaskRecord& self, Duration limit,
                       const callbacks::TaskHandle& work, callbacks::Continuation first_step,
                       AfterTimeout next) {
    rt.spawn(work, std::move(first_step));
    auto race = std::make_shared<Race>();
    callbacks::TaskHandle worker = work;
    race->alarm = rt.loop().call_later(limit, [&rt, worker, race] {
        race->rang = true;
        rt.cancel(worker);  // its continuation hears Cancelled, and it ends
    });
    // The work was only just spawned, so it is not done: join waits, and
    // this continuation runs when the work has finished (or the caller is
    // cancelled).
    rt.join(self, work, [&rt, worker, race, next = std::move(next)](const callbacks::Wakeup& w) {
        if (w.kind == callbacks::Wakeup::Cancelled) {
            rt.cancel(worker);  // the caller was cancelled: the work goes with it
        }
        next(outcome_of(w, race->rang));
    });
    // ← and return: the caller returns to the loop too.
}

}  // namespace coop::lab04
