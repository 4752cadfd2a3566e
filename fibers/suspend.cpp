// The suspension points of the fibers technique: plain functions, called
// from a task's body or from any function it calls, at any depth. Each one
// says how the task is to be woken and calls Runtime::suspend, which
// switches to the loop's stack; the call returns when the loop switches back.
#include "fibers/suspend.hpp"

namespace coop::fibers {

void sleep(Duration d) {
    if (d <= Duration::zero()) {
        yield();
        return;
    }
    Runtime& rt = Runtime::current();
    TaskRecord& task = rt.current_task();
    // The loop runs the task when its timer fires.
    rt.suspend(
        task, WaitingFor::Timer, [&] { task.timer = rt.loop().call_later(d, task); },
        rt.loop().now() + d);
}

namespace {
void wait_fd(int fd, Interest interest) {
    Runtime& rt = Runtime::current();
    TaskRecord& task = rt.current_task();
    rt.suspend(task, WaitingFor::Fd, [&] { task.watch = rt.loop().watch(fd, interest, task); });
}
}  // namespace

void wait_readable(int fd) {
    wait_fd(fd, Interest::Readable);
}
void wait_writable(int fd) {
    wait_fd(fd, Interest::Writable);
}

void join(const TaskHandle& target) {
    if (target.done()) {
        if (std::exception_ptr outcome = Runtime::join_outcome(target.record())) {
            std::rethrow_exception(outcome);
        }
        return;
    }
    Runtime& rt = Runtime::current();
    TaskRecord& task = rt.current_task();
    // Rethrows what the target ended with, when it failed or was cancelled.
    rt.suspend(task, WaitingFor::Join, [&] { Runtime::wait_for_join(task, target.record()); });
}

void busy(Duration d) {
    Runtime::current().loop().busy(d);
}

}  // namespace coop::fibers
