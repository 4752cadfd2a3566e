// WRONG (a missed step): see callbacks_sleep.cpp.
#include "labs/01-sleep/mini_driver.hpp"

namespace coop::lab01 {

bool MiniDriver::sleep(Task& task, const generators::SleepFor& request) {
    if (request.duration <= Duration::zero()) {
        return true;  // go on at once: nobody else gets a turn
    }
    Task* waiting = &task;
    loop_.call_later(request.duration, [this, waiting] { resume(*waiting); });
    return false;
}

}  // namespace coop::lab01
