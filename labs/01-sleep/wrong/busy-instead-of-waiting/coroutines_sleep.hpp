// WRONG (a blocking call): see callbacks_sleep.cpp.
#pragma once

#include <coroutine>

#include "common/clock.hpp"
#include "coroutines/runtime.hpp"

namespace coop::lab01 {

class CoroutinesSleep {
  public:
    explicit CoroutinesSleep(Duration d);
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> me);
    void await_resume() {}

  private:
    Duration duration_;
};

inline CoroutinesSleep coroutines_sleep(Duration d) {
    return CoroutinesSleep{d};
}

}  // namespace coop::lab01
