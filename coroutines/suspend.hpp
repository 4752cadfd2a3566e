// The suspension points of the coroutines technique: co_await sleep(d),
// co_await yield(), co_await readable(fd), co_await writable(fd).
//
// In each awaiter, await_suspend is where the task gives control back to the
// loop: it registers how the task is to be woken (a timer, the ready queue,
// an fd watcher) and returns true, and the coroutine's caller chain unwinds
// back to Runtime::resume and from there to the loop. Break on
// `coop::coroutines::Runtime::suspend` to catch every one of them.
//
// NOTE: every awaiter here has a user-declared constructor. g++ 12 destroys a
// braced aggregate awaiter (`co_await Agg{...}`) twice; a constructor avoids
// the bug (tests/coroutines_test.cpp keeps a regression test).
#pragma once

#include <coroutine>

#include "common/clock.hpp"
#include "coroutines/runtime.hpp"

namespace coop::coroutines {

// co_await sleep(d): d > 0 waits on a timer and goes on inside the timer's
// callback; d == 0 yields (back of the ready queue, one loop iteration).
class SleepAwaiter {
  public:
    explicit SleepAwaiter(Duration d) : duration_(d) {}
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> me);
    void await_resume();

  private:
    Duration duration_;
    TaskRecord* self_ = nullptr;
};

// co_await readable(fd) / writable(fd): goes on when the fd is ready.
class FdAwaiter {
  public:
    FdAwaiter(int fd, Interest interest) : fd_(fd), interest_(interest) {}
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> me);
    void await_resume();

  private:
    int fd_;
    Interest interest_;
    TaskRecord* self_ = nullptr;
};

inline SleepAwaiter sleep(Duration d) {
    return SleepAwaiter{d};
}
inline SleepAwaiter yield() {
    return SleepAwaiter{Duration::zero()};
}
inline FdAwaiter readable(int fd) {
    return FdAwaiter{fd, Interest::Readable};
}
inline FdAwaiter writable(int fd) {
    return FdAwaiter{fd, Interest::Writable};
}

// busy(d) does not suspend: it is a plain call, which is the point.
inline void busy(Duration d) {
    Runtime::current().loop().busy(d);
}

}  // namespace coop::coroutines
