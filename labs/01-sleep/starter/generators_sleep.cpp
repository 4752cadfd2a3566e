// generators: the task has already stopped at its `co_yield SleepFor{d}`.
// Here the driver decides when the loop will give it control again.
#include "labs/01-sleep/mini_driver.hpp"

namespace coop::lab01 {

bool MiniDriver::sleep([[maybe_unused]] Task& task,
                       [[maybe_unused]] const generators::SleepFor& request) {
    // LAB: ask the loop to resume the task (MiniDriver::resume) after
    // request.duration, or at the back of the ready queue when it is 0, and
    // return false: the task waits.
    //
    // As it is, the answer is "go on at once": drive() resumes the generator
    // straight away and the task never waits.
    return true;
}

}  // namespace coop::lab01
