// The suspension points of the callbacks technique: this is where a task
// gives control back to the loop.
//
// Notice what "suspending" means here: nothing is paused. The task saves a
// continuation (the rest of its work), asks the loop to call back, and then
// simply returns; its C++ frames are gone. When the loop calls back,
// Runtime::resume runs the continuation on a fresh stack.
//
// Why these are templates: the continuation, `next`, is built right in the
// task record (continuation.emplace), from the caller's own lambda.
// Building a Continuation first and then moving it into the record would
// cost more than all the rest of a yield: the move reads the new
// std::function back as one 16-byte load just after it was written as
// 8-byte stores, and the processor cannot forward two pending stores to one
// load: the load waits until the stores have reached the cache.
#pragma once

#include <utility>

#include "callbacks/runtime.hpp"

namespace coop::callbacks {

template <class Next>
bool Runtime::suspend(TaskRecord& self, WaitingFor what, Next&& next, Time until) {
    if (!suspending(self, what, until)) {
        // A cancel arrived while this task was completing a channel
        // hand-off: it is cancelled here, at its next suspension point,
        // instead of suspending.
        self.thrown_in = nullptr;
        next(Wakeup{Wakeup::Cancelled, 0, {}});
        return false;
    }
    self.continuation.emplace(std::forward<Next>(next));  // the saved "rest of the task"
    return true;  // ← and the caller returns: control goes back to the loop
}

template <class Next>
void Runtime::sleep(TaskRecord& self, Duration d, Next&& next) {
    if (d <= Duration::zero()) {
        yield(self, std::forward<Next>(next));
        return;
    }
    if (suspend(self, WaitingFor::Timer, std::forward<Next>(next), loop_.now() + d)) {
        // When the timer fires the loop runs the task itself (TaskRecord::run),
        // like loop.call_later(d, callback): no extra trip through the ready
        // queue.
        self.timer = loop_.call_later(d, self);
    }
}

template <class Next>
void Runtime::yield(TaskRecord& self, Next&& next) {
    if (suspend(self, WaitingFor::Ready, std::forward<Next>(next))) {
        wake_soon(self);  // the back of the ready queue
    }
}

template <class Next>
void Runtime::wait_readable(TaskRecord& self, int fd, Next&& next) {
    wait_fd(self, fd, Interest::Readable, std::forward<Next>(next));
}

template <class Next>
void Runtime::wait_writable(TaskRecord& self, int fd, Next&& next) {
    wait_fd(self, fd, Interest::Writable, std::forward<Next>(next));
}

template <class Next>
void Runtime::wait_fd(TaskRecord& self, int fd, Interest interest, Next&& next) {
    if (suspend(self, WaitingFor::Fd, std::forward<Next>(next))) {
        self.watch = loop_.watch(fd, interest, self);
    }
}

template <class Next>
bool Runtime::join(TaskRecord& self, TaskCore& target, Next&& next) {
    if (target.done()) {
        return false;
    }
    if (suspend(self, WaitingFor::Join, std::forward<Next>(next))) {
        wait_for_join(self, target);
    }
    return true;
}

}  // namespace coop::callbacks
