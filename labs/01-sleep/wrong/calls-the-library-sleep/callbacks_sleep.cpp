// WRONG (a ready-made call): the technique's own sleep instead of the
// suspension the sheet asks for. The schedule is the library's, since it is
// the library's sleep; but no timer callback of this file's ever wakes the
// task (the loop runs it straight from its timer), and the trace's wait and
// wake events show it. (The generators' sleep is the solution's: the mini
// driver has no ready-made sleep to call.)
#include "labs/01-sleep/sleep.hpp"

#include <utility>

namespace coop::lab01 {

void callbacks_sleep(callbacks::Runtime& rt, callbacks::TaskRecord& self, Duration d,
                     callbacks::Continuation next) {
    rt.sleep(self, d, std::move(next));
}

}  // namespace coop::lab01
