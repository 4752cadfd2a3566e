#include "common/technique.hpp"

#include <string>
#include <utility>
#include <vector>

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

Outcome run_scenario_tasks(const Scenario& scenario, Loop& loop, Trace& trace,
                           const TaskTable& tasks, const std::function<void(std::size_t)>& spawn) {
    for (std::size_t i = 0; i < scenario.tasks.size(); ++i) {
        if (scenario.tasks[i].starts_by_itself) {
            spawn(i);
        }
    }
    loop.run();
    return conclude_run(loop, trace, tasks);
}

Outcome conclude_run(Loop& loop, Trace& trace, const TaskTable& tasks) {
    Outcome outcome = Outcome::AllEnded;
    if (loop.has_work()) {
        outcome = Outcome::Stopped;
    } else if (const auto unfinished = tasks.unfinished_tasks(); !unfinished.empty()) {
        std::vector<std::string> names;
        for (const TaskCore* task : unfinished) {
            names.push_back(task->name());
        }
        trace.stalled(loop.now(), std::move(names));
        outcome = Outcome::Stalled;
    }
    // Nothing of the run may stay in the loop: its callbacks point at tasks
    // that are about to be destroyed.
    loop.clear();
    return outcome;
}

}  // namespace coop
