#include "common/technique.hpp"

#include <utility>

namespace coop {

int exit_status(Outcome outcome) {
    switch (outcome) {
        case Outcome::AllEnded:
            return 0;
        case Outcome::Stalled:
            return 3;
        case Outcome::Stopped:
            return 1;
    }
    return 1;
}

Outcome conclude_run(Loop& loop, Trace& trace, std::vector<std::string> unfinished) {
    Outcome outcome = Outcome::AllEnded;
    if (loop.has_work()) {
        outcome = Outcome::Stopped;
    } else if (!unfinished.empty()) {
        trace.stalled(loop.now(), std::move(unfinished));
        outcome = Outcome::Stalled;
    }
    // Nothing of the run may stay in the loop: its callbacks point at tasks
    // that are about to be destroyed.
    loop.clear();
    return outcome;
}

}  // namespace coop
