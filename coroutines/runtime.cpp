#include "coroutines/runtime.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

#include "coroutines/channel.hpp"

namespace coop::coroutines {

Runtime::~Runtime() {
    for (TaskRecord& task : tasks_) {
        if (task.waiting_for == WaitingFor::Timer) {
            loop_.cancel_timer(task.timer);
        }
        if (task.waiting_for == WaitingFor::Fd) {
            loop_.unwatch(task.watch);
        }
    }
    // Destroying a suspended top frame destroys the Task objects in it, so
    // the whole chain of nested frames goes, and every local's destructor runs.
    for (TaskRecord& task : tasks_) {
        task.body.reset();
    }
}

TaskHandle Runtime::create_task(std::string name) {
    const std::string& kept = *names_.insert(std::move(name)).first;
    return TaskHandle{&tasks_.emplace_back(*this, kept)};
}

void Runtime::spawn(TaskHandle handle, Task<void> body) {
    TaskRecord& task = handle.record();
    assert(task.state == TaskState::NotSpawned);
    task.state = TaskState::Scheduled;
    task.spawn_order = spawned_++;
    task.body = std::move(body);
    task.resume_point = task.body.handle();
    loop_.call_soon(task);  // its first step: TaskRecord::run
}

TaskHandle Runtime::spawn(std::string name, Task<void> body) {
    TaskHandle handle = create_task(std::move(name));
    spawn(handle, std::move(body));
    return handle;
}

void Runtime::first_step(TaskRecord& task) {
    if (task.cancel_requested) {
        // Cancelled before it started: its body never runs. Destroying the
        // frame still destroys the coroutine's parameters.
        task.state = TaskState::Running;
        task.body.reset();
        record(task, EventKind::Cancelled);
        task.ending = Ending::Cancelled;
        finish(task);
        return;
    }
    record(task, EventKind::Start);
    run_until_suspended(task);
}

// The loop comes to the task: its first step, a wake-up (wake_soon), or its
// timer or fd firing.
void TaskRecord::run() {
    if (state == TaskState::Scheduled) {
        runtime.first_step(*this);
        return;
    }
    runtime.resume(*this);
}

// The one place where the loop resumes a task after a suspension.
void Runtime::resume(TaskRecord& task) {
    assert(task.state == TaskState::Ready || task.state == TaskState::Waiting);
    if (task.cancel_requested && !task.completes_handoff) {
        task.wake_cancelled = true;  // the awaiter's await_resume will throw
    } else {
        record(task, EventKind::Resume);
    }
    task.completes_handoff = false;
    run_until_suspended(task);
}

void Runtime::run_until_suspended(TaskRecord& task) {
    task.state = TaskState::Running;
    task.waiting_for = WaitingFor::Nothing;
    Runtime* const outer_runtime = std::exchange(current_, this);
    TaskRecord* const outer_task = std::exchange(running_, &task);
    // Runs the innermost suspended coroutine until the task suspends again
    // (an awaiter called Runtime::suspend) or its top coroutine finishes.
    task.resume_point.resume();
    running_ = outer_task;
    current_ = outer_runtime;

    if (task.body.done()) {
        body_finished(task);
    }
}

// The task's top coroutine returned, or an exception escaped it.
void Runtime::body_finished(TaskRecord& task) {
    std::exception_ptr error = task.body.handle().promise().error;
    task.body.reset();  // the frame's memory goes back now
    if (!error) {
        record(task, EventKind::End);
        task.ending = Ending::Ended;
    } else {
        try {
            std::rethrow_exception(error);
        } catch (const Cancelled&) {
            task.ending = Ending::Cancelled;
        } catch (const JoinedTaskCancelled&) {
            task.ending = Ending::Cancelled;
        } catch (const std::exception& e) {
            task.ending = Ending::Failed;
            if (trace_ != nullptr) {
                trace_->fail(loop_.now(), task.name, e.what());
            }
        } catch (...) {
            task.ending = Ending::Failed;
            if (trace_ != nullptr) {
                trace_->fail(loop_.now(), task.name, "unknown exception");
            }
        }
        if (task.ending == Ending::Cancelled) {
            record(task, EventKind::Cancelled);
        }
        task.error = error;
    }
    finish(task);
}

void Runtime::cancel(TaskHandle handle) {
    TaskRecord& task = handle.record();
    switch (task.state) {
        case TaskState::Done:
            return;
        case TaskState::NotSpawned:
        case TaskState::Scheduled:
        case TaskState::Ready:
            task.cancel_requested = true;
            return;
        case TaskState::Running:
            assert(!"a task never cancels itself");
            return;
        case TaskState::Waiting:
            task.cancel_requested = true;
            if (!stop_waiting(task)) {
                return;  // its timer or fd already fired: it is scheduled to go on
            }
            wake_soon(task);
            return;
    }
}

bool Runtime::stop_waiting(TaskRecord& task) {
    switch (task.waiting_for) {
        case WaitingFor::Timer:
            if (!loop_.cancel_timer(task.timer)) {
                return false;  // already fired: its callback waits in the ready queue
            }
            break;
        case WaitingFor::Fd:
            if (!loop_.unwatch(task.watch)) {
                return false;
            }
            break;
        case WaitingFor::Join: {
            auto& joiners = task.joined->joiners;
            joiners.erase(std::find(joiners.begin(), joiners.end(), &task));
            task.joined = nullptr;
            break;
        }
        case WaitingFor::Send:
        case WaitingFor::Recv:
            task.channel->forget(task);
            task.channel = nullptr;
            break;
        case WaitingFor::Nothing:
        case WaitingFor::Ready:
            break;
    }
    return true;
}

void Runtime::finish(TaskRecord& task) {
    task.state = TaskState::Done;
    for (TaskRecord* joiner : task.joiners) {
        joiner->joined = nullptr;
        wake_soon(*joiner);
    }
    task.joiners.clear();
}

void Runtime::write_event(const TaskRecord& task, EventKind kind) {
    trace_->task_event(loop_.now(), task.name, kind);
}

std::vector<const TaskRecord*> Runtime::unfinished_tasks() const {
    std::vector<const TaskRecord*> result;
    for (const TaskRecord& task : tasks_) {
        if (task.state != TaskState::NotSpawned && task.state != TaskState::Done) {
            result.push_back(&task);
        }
    }
    std::sort(result.begin(), result.end(), [](const TaskRecord* a, const TaskRecord* b) {
        return a->spawn_order < b->spawn_order;
    });
    return result;
}

bool JoinAwaiter::await_suspend(std::coroutine_handle<> me) {
    Runtime& rt = Runtime::current();
    self_ = &rt.current_task();
    if (!rt.suspend(*self_, me, WaitingFor::Join)) {
        return false;
    }
    self_->joined = target_;
    target_->joiners.push_back(self_);
    return true;  // ← control goes back to the loop until target_ finishes
}

void JoinAwaiter::await_resume() {
    if (self_ != nullptr) {
        Runtime::throw_if_cancelled(*self_);
    }
    if (target_->ending == Ending::Failed) {
        std::rethrow_exception(target_->error);
    }
    if (target_->ending == Ending::Cancelled) {
        throw JoinedTaskCancelled{};
    }
}

}  // namespace coop::coroutines
