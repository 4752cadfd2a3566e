// generators: a task never touches the loop, so the alarm is a task of its
// own, which sleeps and then cancels the work. The waiting generator only
// yields requests: spawn both, join the work, cancel the alarm.
#include "labs/04-timeout/timeout.hpp"

#include <exception>
#include <memory>
#include <utility>

namespace coop::lab04 {

Work generators_timeout([[maybe_unused]] generators::Runtime& rt, [[maybe_unused]] Duration limit,
                        [[maybe_unused]] std::string name, Work work) {
    // LAB: spawn the work as a task named `name` (create_task, SpawnTask; a
    // small generator can delegate to the work and keep its value), spawn
    // an alarm task that sleeps `limit` and then cancels the work, and join
    // the work. Once the join is over, cancel the alarm, and the work too
    // if this generator was itself cancelled. A work cancelled by the alarm
    // means TimedOut. (A co_yield may not stand in a catch block.)
    //
    // As it is, the work runs delegated (`yield from`), as long as it takes.
    const generators::Reply reply = co_yield generators::Delegate{std::move(work)};
    co_return reply.value;
}

}  // namespace coop::lab04
