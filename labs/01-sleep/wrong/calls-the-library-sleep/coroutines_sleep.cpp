// WRONG (a ready-made call): see callbacks_sleep.cpp.
#include "coroutines_sleep.hpp"

namespace coop::lab01 {

CoroutinesSleep::CoroutinesSleep(Duration d) : library_sleep_(coroutines::sleep(d)) {}

bool CoroutinesSleep::await_suspend(std::coroutine_handle<> me) {
    return library_sleep_.await_suspend(me);
}

void CoroutinesSleep::await_resume() {
    library_sleep_.await_resume();
}

}  // namespace coop::lab01
