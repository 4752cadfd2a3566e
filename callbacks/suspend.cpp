// The suspension points of the callbacks technique: this is where a task
// gives control back to the loop.
//
// Notice what "suspending" means here: nothing is paused. The task saves a
// continuation (the rest of its work), asks the loop to call back, and then
// simply returns; its C++ frames are gone. When the loop calls back,
// Runtime::resume runs the continuation on a fresh stack.
#include <cassert>
#include <utility>

#include "callbacks/runtime.hpp"

namespace coop::callbacks {

bool Runtime::suspend(TaskRecord& self, WaitingFor what, Continuation&& next, Time until) {
    if (!suspending(self, what, until)) {
        // A cancel arrived while this task was completing a channel
        // hand-off: it is cancelled here, at its next suspension point,
        // instead of suspending.
        self.thrown_in = nullptr;
        next(Wakeup{Wakeup::Cancelled, 0, {}});
        return false;
    }
    self.continuation = std::move(next);  // the saved "rest of the task"
    return true;  // ← and the caller returns: control goes back to the loop
}

void Runtime::sleep(TaskRecord& self, Duration d, Continuation next) {
    if (d <= Duration::zero()) {
        yield(self, std::move(next));
        return;
    }
    if (suspend(self, WaitingFor::Timer, std::move(next), loop_.now() + d)) {
        // When the timer fires the loop runs the task itself (TaskRecord::run),
        // like loop.call_later(d, callback): no extra trip through the ready
        // queue.
        self.timer = loop_.call_later(d, self);
    }
}

void Runtime::yield(TaskRecord& self, Continuation next) {
    if (suspend(self, WaitingFor::Ready, std::move(next))) {
        wake_soon(self);  // the back of the ready queue
    }
}

void Runtime::wait_readable(TaskRecord& self, int fd, Continuation next) {
    wait_fd(self, fd, Interest::Readable, std::move(next));
}

void Runtime::wait_writable(TaskRecord& self, int fd, Continuation next) {
    wait_fd(self, fd, Interest::Writable, std::move(next));
}

void Runtime::wait_fd(TaskRecord& self, int fd, Interest interest, Continuation next) {
    if (suspend(self, WaitingFor::Fd, std::move(next))) {
        self.watch = loop_.watch(fd, interest, self);
    }
}

bool Runtime::join(TaskRecord& self, TaskCore& target, Continuation next) {
    if (target.done()) {
        return false;
    }
    if (suspend(self, WaitingFor::Join, std::move(next))) {
        wait_for_join(self, target);
    }
    return true;
}

}  // namespace coop::callbacks
