// generators: the task has already stopped at its `co_yield SleepFor{d}`.
// Here the driver decides when the loop will give it control again.
#include "labs/01-sleep/mini_driver.hpp"

namespace coop::lab01 {

bool MiniDriver::sleep(Task& task, const generators::SleepFor& request) {
    Task* waiting = &task;
    if (request.duration <= Duration::zero()) {
        loop_.call_soon([this, waiting] { resume(*waiting); });  // the back of the ready queue
    } else {
        // The task goes on inside the timer's own callback.
        loop_.call_later(request.duration, [this, waiting] { resume(*waiting); });
    }
    return false;  // the task waits: drive() returns to the loop
}

}  // namespace coop::lab01
