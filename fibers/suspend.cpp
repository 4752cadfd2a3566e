#include "fibers/suspend.hpp"

namespace coop::fibers {

// This is where a fiber task gives control back to the loop: a context
// switch to the loop's stack. Everything the task was doing, at whatever
// depth, stays on its own stack until the loop switches back and this
// function returns.
void Runtime::suspend(TaskRecord& task) {
    switch_to_loop(task);
    if (task.wake_cancelled) {
        task.wake_cancelled = false;
        throw Cancelled{};  // unwinds the task's own stack, running destructors
    }
}

void sleep(Duration d) {
    Runtime& rt = Runtime::current();
    TaskRecord& task = rt.current_task();
    if (d <= Duration::zero()) {
        rt.prepare_to_suspend(task, WaitingFor::Ready);
        rt.wake_soon(task);
    } else {
        rt.prepare_to_suspend(task, WaitingFor::Timer, rt.loop().now() + d);
        task.timer = rt.loop().call_later(d, task);  // the loop runs the task when it fires
    }
    rt.suspend(task);
}

void yield() {
    sleep(Duration::zero());
}

namespace {
void wait_fd(int fd, Interest interest) {
    Runtime& rt = Runtime::current();
    TaskRecord& task = rt.current_task();
    rt.prepare_to_suspend(task, WaitingFor::Fd);
    task.watch = rt.loop().watch(fd, interest, task);
    rt.suspend(task);
}
}  // namespace

void wait_readable(int fd) {
    wait_fd(fd, Interest::Readable);
}
void wait_writable(int fd) {
    wait_fd(fd, Interest::Writable);
}

void join(TaskHandle handle) {
    TaskRecord& target = handle.record();
    if (!target.done()) {
        Runtime& rt = Runtime::current();
        TaskRecord& task = rt.current_task();
        rt.prepare_to_suspend(task, WaitingFor::Join);
        task.joined = &target;
        target.joiners.push_back(&task);
        rt.suspend(task);
    }
    if (target.ending == Ending::Failed) {
        std::rethrow_exception(target.error);
    }
    if (target.ending == Ending::Cancelled) {
        throw JoinedTaskCancelled{};
    }
}

void busy(Duration d) {
    Runtime::current().loop().busy(d);
}

}  // namespace coop::fibers
