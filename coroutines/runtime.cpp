#include "coroutines/runtime.hpp"

#include <utility>

namespace coop::coroutines {

Runtime::~Runtime() {
    remove_from_loop();
    // Destroying a suspended top frame destroys the Task objects in it, so
    // the whole chain of nested frames goes, and every local's destructor runs.
    for (TaskRecord& task : records_) {
        task.body.reset();
    }
}

TaskHandle Runtime::create_task(std::string name) {
    return TaskHandle{create(std::move(name)), *this};
}

void Runtime::spawn(const TaskHandle& handle, Task<void> body) {
    TaskRecord& task = handle.record();
    task.body = std::move(body);
    task.resume_point = task.body.handle();
    spawned(task);  // its first step: TaskRecord::run
}

TaskHandle Runtime::spawn(std::string name, Task<void> body) {
    TaskHandle handle = create_task(std::move(name));
    spawn(handle, std::move(body));
    return handle;
}

// The loop comes to the task: its first step, a wake-up (wake_soon), or its
// timer or fd firing.
void TaskRecord::run() {
    runtime.resume(*this);
}

// The one place where the loop resumes a task, its first start included.
void Runtime::resume(TaskRecord& task) {
    if (!going_on(task)) {
        // Cancelled before it started: its body never runs. Destroying the
        // frame still destroys the coroutine's parameters.
        task.body.reset();
        reclaim_if_unused(task);
        return;
    }
    {
        const Running running(*this, &task);
        // Runs the innermost suspended coroutine until the task suspends again
        // (an awaiter called Runtime::suspend) or its top coroutine finishes.
        task.resume_point.resume();
    }

    if (task.body.done()) {
        // The top coroutine returned, or an exception escaped it.
        std::exception_ptr error = task.body.handle().promise().error;
        task.body.reset();  // the frame's memory goes back now
        finish(task, std::move(error));
        reclaim_if_unused(task);
    }
}

bool JoinAwaiter::await_suspend(std::coroutine_handle<> me) {
    Runtime& rt = Runtime::current();
    self_ = &rt.current_task();
    if (!rt.suspend(*self_, me, WaitingFor::Join)) {
        return false;
    }
    Runtime::wait_for_join(*self_, target_.record());
    return true;  // ← control goes back to the loop until target_ finishes
}

void JoinAwaiter::await_resume() {
    if (self_ != nullptr) {
        Runtime::rethrow_thrown_in(*self_);  // cancelled, or what target_ ended with
    } else if (std::exception_ptr outcome = Runtime::join_outcome(target_.record())) {
        std::rethrow_exception(outcome);  // it was done before we awaited
    }
}

}  // namespace coop::coroutines
