// WRONG (a blocking call): see callbacks_sleep.cpp. The driver keeps the
// loop busy and answers "go on at once".
#include "labs/01-sleep/mini_driver.hpp"

namespace coop::lab01 {

bool MiniDriver::sleep([[maybe_unused]] Task& task, const generators::SleepFor& request) {
    loop_.busy(request.duration);
    return true;
}

}  // namespace coop::lab01
