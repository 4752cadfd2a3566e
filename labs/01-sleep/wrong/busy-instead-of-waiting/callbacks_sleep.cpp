// WRONG (a blocking call): each sleep "waits" by keeping the loop busy for
// `d` (as time.sleep() would inside async code) and then goes straight on.
// Time passes as it should for this task, but nothing else runs meanwhile:
// the exhibition becomes one game after another, 24 times as long.
#include "labs/01-sleep/sleep.hpp"

namespace coop::lab01 {

void callbacks_sleep(callbacks::Runtime& rt, [[maybe_unused]] callbacks::TaskRecord& self,
                     Duration d, callbacks::Continuation next) {
    rt.loop().busy(d);
    next(callbacks::Wakeup{});
}

}  // namespace coop::lab01
