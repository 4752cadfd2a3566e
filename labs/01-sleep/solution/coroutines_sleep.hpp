// coroutines: `co_await coroutines_sleep(d)`, as `co_await sleep(d)`. An
// awaiter is an object the coroutine keeps in its frame while it waits.
#pragma once

#include <coroutine>

#include "common/clock.hpp"
#include "coroutines/runtime.hpp"

namespace coop::lab01 {

class CoroutinesSleep {
  public:
    explicit CoroutinesSleep(Duration d);
    bool await_ready() const noexcept { return false; }
    // true: the task is suspended (the loop will resume it at `me`);
    // false: it goes on at once.
    bool await_suspend(std::coroutine_handle<> me);
    // What the co_await evaluates to when the task goes on.
    void await_resume();

  private:
    Duration duration_;
    coroutines::TaskRecord* self_ = nullptr;  // the task that waits
};

inline CoroutinesSleep coroutines_sleep(Duration d) {
    return CoroutinesSleep{d};
}

}  // namespace coop::lab01
