// WRONG (a blocking call): see callbacks_sleep.cpp. The loop is kept busy,
// and false says "go on at once".
#include "coroutines_sleep.hpp"

namespace coop::lab01 {

CoroutinesSleep::CoroutinesSleep(Duration d) : duration_(d) {}

bool CoroutinesSleep::await_suspend([[maybe_unused]] std::coroutine_handle<> me) {
    coroutines::Runtime::current().loop().busy(duration_);
    return false;
}

}  // namespace coop::lab01
