#include "callbacks/runtime.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

#include "callbacks/channel.hpp"

namespace coop::callbacks {

Runtime::~Runtime() {
    for (Task& task : tasks_) {
        if (task.waiting_for == WaitingFor::Timer) {
            loop_.cancel_timer(task.timer);
        }
        if (task.waiting_for == WaitingFor::Fd) {
            loop_.unwatch(task.watch);
        }
    }
    // tasks_ goes now, and with it every saved continuation: whatever the
    // closures captured is destroyed, which is how a callbacks task releases
    // what it held when it is abandoned.
}

Task& Runtime::create_task(std::string name) {
    const std::string& kept = *names_.insert(std::move(name)).first;
    return tasks_.emplace_back(*this, kept);
}

void Runtime::spawn(Task& task, Continuation first_step) {
    assert(task.state == TaskState::NotSpawned);
    task.state = TaskState::Scheduled;
    task.spawn_order = spawned_++;
    task.continuation = std::move(first_step);
    loop_.call_soon(task);
}

// The loop comes to the task: its first step, a wake-up, or its timer or fd
// firing. Whichever it is, the task goes on in Runtime::resume.
void Task::run() {
    runtime.resume(*this);
}

// The one place where the loop gives control back to a task: the saved
// continuation is taken out of the task and called. Whatever the task waited
// for, it goes on from here.
void Runtime::resume(Task& task) {
    assert(task.state == TaskState::Scheduled || task.state == TaskState::Ready ||
           task.state == TaskState::Waiting);
    Wakeup wakeup{task.wake_kind, task.received, {}};
    if (task.failed_join != nullptr) {
        wakeup.failure = task.failed_join->failure;
    }
    task.wake_kind = Wakeup::Resumed;
    task.received = 0;
    task.failed_join = nullptr;
    // A cancelled task hears about it now, unless a channel already moved its
    // value: then it completes that operation and meets the cancellation at
    // its next suspension point (Runtime::suspend).
    if (task.cancel_requested && !task.completes_handoff) {
        wakeup = Wakeup{Wakeup::Cancelled, 0, {}};
    }
    task.completes_handoff = false;
    if (wakeup.kind != Wakeup::Cancelled) {
        // (A cancelled task records only its ending, in finish().)
        record(task, task.state == TaskState::Scheduled ? EventKind::Start : EventKind::Resume);
    }
    task.state = TaskState::Running;
    task.waiting_for = WaitingFor::Nothing;
    Continuation next = std::move(task.continuation);
    task.continuation = nullptr;
    next(wakeup);
}

void Runtime::wake_soon(Task& task, Wakeup::Kind kind, std::int64_t received) {
    assert(task.state == TaskState::Waiting);
    if (trace_ != nullptr && task.waiting_for != WaitingFor::Ready) {
        trace_->wake(loop_.now(), task.name);
    }
    task.wake_kind = kind;
    task.received = received;
    task.state = TaskState::Ready;
    task.waiting_for = WaitingFor::Ready;
    loop_.call_soon(task);
}

bool Runtime::join(Task& self, Task& target, Continuation next) {
    if (target.done()) {
        return false;
    }
    if (suspend(self, WaitingFor::Join, std::move(next))) {
        self.joined = &target;
        target.joiners.push_back(&self);
    }
    return true;
}

void Runtime::cancel(Task& target) {
    switch (target.state) {
        case TaskState::Done:
            return;
        case TaskState::NotSpawned:
        case TaskState::Scheduled:
        case TaskState::Ready:
            // Its continuation is already queued (or will be when it is
            // spawned): it hears of the cancellation when that runs.
            target.cancel_requested = true;
            return;
        case TaskState::Running:
            assert(!"a task never cancels itself");
            return;
        case TaskState::Waiting:
            target.cancel_requested = true;
            if (!stop_waiting(target)) {
                return;  // its timer or fd already fired: it is scheduled to go on
            }
            wake_soon(target, Wakeup::Cancelled);
            return;
    }
}

bool Runtime::stop_waiting(Task& task) {
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
            task.channel->forget(task);  // a waiting sender's value is dropped
            task.channel = nullptr;
            break;
        case WaitingFor::Nothing:
        case WaitingFor::Ready:
            break;
    }
    return true;
}

void Runtime::finish(Task& task, Ending how, std::string failure) {
    assert(task.state == TaskState::Running);
    task.state = TaskState::Done;
    task.ending = how;
    task.failure = std::move(failure);
    if (how == Ending::Failed) {
        if (trace_ != nullptr) {
            trace_->fail(loop_.now(), task.name, task.failure);
        }
    } else {
        record(task, how == Ending::Cancelled ? EventKind::Cancelled : EventKind::End);
    }
    for (Task* joiner : task.joiners) {
        joiner->joined = nullptr;
        if (how == Ending::Failed) {
            joiner->failed_join = &task;  // it hears task.failure
            wake_soon(*joiner, Wakeup::JoinedTaskFailed);
        } else if (how == Ending::Cancelled) {
            wake_soon(*joiner, Wakeup::JoinedTaskCancelled);
        } else {
            wake_soon(*joiner);
        }
    }
    task.joiners.clear();
}

void Runtime::write_event(const Task& task, EventKind kind) {
    trace_->task_event(loop_.now(), task.name, kind);
}

std::vector<const Task*> Runtime::unfinished_tasks() const {
    std::vector<const Task*> result;
    for (const Task& task : tasks_) {
        if (task.state != TaskState::NotSpawned && task.state != TaskState::Done) {
            result.push_back(&task);
        }
    }
    std::sort(result.begin(), result.end(),
              [](const Task* a, const Task* b) { return a->spawn_order < b->spawn_order; });
    return result;
}

}  // namespace coop::callbacks
