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

bool Runtime::suspend(Task& self, WaitingFor what, Continuation&& next, Time until) {
    assert(self.state == TaskState::Running);
    if (self.cancel_requested) {
        // A cancel arrived while this task was completing a channel
        // hand-off: it is cancelled here, at its next suspension point,
        // instead of suspending.
        next(Wakeup{Wakeup::Cancelled, 0, {}});
        return false;
    }
    self.continuation = std::move(next);  // the saved "rest of the task"
    self.waiting_for = what;
    self.state = TaskState::Waiting;
    if (trace_ != nullptr) {
        trace_->wait(loop_.now(), self.name, what, until);
    }
    return true;  // ← and the caller returns: control goes back to the loop
}

void Runtime::sleep(Task& self, Duration d, Continuation next) {
    if (d <= Duration::zero()) {
        yield(self, std::move(next));
        return;
    }
    if (suspend(self, WaitingFor::Timer, std::move(next), loop_.now() + d)) {
        // When the timer fires the loop runs the task itself (Task::run),
        // like loop.call_later(d, callback): no extra trip through the ready
        // queue.
        self.timer = loop_.call_later(d, self);
    }
}

void Runtime::yield(Task& self, Continuation next) {
    if (suspend(self, WaitingFor::Ready, std::move(next))) {
        self.state = TaskState::Ready;
        loop_.call_soon(self);
    }
}

void Runtime::wait_readable(Task& self, int fd, Continuation next) {
    wait_fd(self, fd, Interest::Readable, std::move(next));
}

void Runtime::wait_writable(Task& self, int fd, Continuation next) {
    wait_fd(self, fd, Interest::Writable, std::move(next));
}

void Runtime::wait_fd(Task& self, int fd, Interest interest, Continuation next) {
    if (suspend(self, WaitingFor::Fd, std::move(next))) {
        self.watch = loop_.watch(fd, interest, self);
    }
}

}  // namespace coop::callbacks
