// WRONG (a ready-made call): see callbacks_sleep.cpp. The awaiter hands
// every step to the library's own, coroutines::SleepAwaiter.
#pragma once

#include <coroutine>

#include "common/clock.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"

namespace coop::lab01 {

class CoroutinesSleep {
  public:
    explicit CoroutinesSleep(Duration d);
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> me);
    void await_resume();

  private:
    coroutines::SleepAwaiter library_sleep_;
};

inline CoroutinesSleep coroutines_sleep(Duration d) {
    return CoroutinesSleep{d};
}

}  // namespace coop::lab01
