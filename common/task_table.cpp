#include "common/task_table.hpp"

#include <algorithm>
#include <utility>

#include "common/cancelled.hpp"
#include "common/channel_core.hpp"

namespace coop {

namespace {

// The one classification of what escaped a task into how it ended; for a
// failure, `text` is what the trace's `fail` event says.
Ending ending_of(const std::exception_ptr& error, std::string& text) {
    if (!error) {
        return Ending::Ended;
    }
    try {
        std::rethrow_exception(error);
    } catch (const Cancelled&) {
        return Ending::Cancelled;
    } catch (const JoinedTaskCancelled&) {
        return Ending::Cancelled;
    } catch (const std::exception& e) {
        text = e.what();
    } catch (...) {
        text = "unknown exception";
    }
    return Ending::Failed;
}

}  // namespace

TaskCore& TaskTable::create(std::string name) {
    TaskCore* task = nullptr;
    if (free_.empty()) {
        task = &new_record();
        records_.push_back(task);
    } else {
        task = free_.back();
        free_.pop_back();
        task->state = TaskState::NotSpawned;
        task->waiting_for = WaitingFor::Nothing;
        task->cancel_requested = false;
        task->completes_handoff = false;
        task->ending = Ending::None;
        task->joined = nullptr;
        task->current_op = nullptr;
    }
    task->name_ = &names_.keep(std::move(name));
    return *task;
}

void TaskTable::reclaim(TaskCore& task) {
    names_.drop(*task.name_);
    task.name_ = nullptr;
    task.state = TaskState::Done;  // a free record is never listed as unfinished
    task.error = nullptr;
    task.thrown_in = nullptr;
    free_.push_back(&task);
}

void TaskTable::cancel(TaskCore& task) {
    switch (task.state) {
        case TaskState::Done:
            return;
        case TaskState::NotSpawned:
        case TaskState::Scheduled:
        case TaskState::Ready:
            // It is already queued to go on (or will be when it is
            // spawned): it hears of the cancellation then.
            task.cancel_requested = true;
            return;
        case TaskState::Running:
            assert(!"a task never cancels itself");
            return;
        case TaskState::Waiting:
            task.cancel_requested = true;
            if (stop_waiting(task)) {
                wake_soon(task);
            }
            // Otherwise its timer or fd already fired: it is queued to go on.
            return;
    }
}

// Undoes whatever the task waits on. False when that already happened (its
// timer or fd fired, and the loop has queued it to go on).
bool TaskTable::stop_waiting(TaskCore& task) {
    switch (task.waiting_for) {
        case WaitingFor::Timer:
            return loop_.cancel_timer(task.timer);
        case WaitingFor::Fd:
            return loop_.unwatch(task.watch);
        case WaitingFor::Join:
            task.joined->joiners.remove(task);
            task.joined = nullptr;
            return true;
        case WaitingFor::Send:
        case WaitingFor::Recv:
            task.channel->forget(task);  // a waiting sender's value is dropped
            task.channel = nullptr;
            return true;
        case WaitingFor::Nothing:
        case WaitingFor::Ready:
            return true;
    }
    return true;
}

void TaskTable::finish(TaskCore& task, std::exception_ptr error) {
    assert(task.state == TaskState::Running);
    std::string failure;
    task.ending = ending_of(error, failure);
    task.state = TaskState::Done;
    task.thrown_in = nullptr;
    if (task.ending == Ending::Failed) {
        task.error = std::move(error);
        if (trace_ != nullptr) {
            trace_->fail(loop_.now(), task.name(), failure);
        }
    } else {
        record(task, task.ending == Ending::Cancelled ? EventKind::Cancelled : EventKind::End);
    }
    while (!task.joiners.empty()) {
        TaskCore& joiner = task.joiners.pop_front();
        joiner.joined = nullptr;
        joiner.thrown_in = join_outcome(task);
        wake_soon(joiner);
    }
}

std::exception_ptr TaskTable::join_outcome(const TaskCore& target) {
    switch (target.ending) {
        case Ending::Failed:
            return target.error;
        case Ending::Cancelled:
            return std::make_exception_ptr(JoinedTaskCancelled{});
        case Ending::None:
        case Ending::Ended:
            break;
    }
    return nullptr;
}

std::exception_ptr TaskTable::cancellation() {
    return std::make_exception_ptr(Cancelled{});
}

std::vector<const TaskCore*> TaskTable::unfinished_tasks() const {
    std::vector<const TaskCore*> result;
    for (const TaskCore* task : records_) {
        if (task->state != TaskState::NotSpawned && task->state != TaskState::Done) {
            result.push_back(task);
        }
    }
    std::sort(result.begin(), result.end(),
              [](const TaskCore* a, const TaskCore* b) { return a->spawn_order < b->spawn_order; });
    return result;
}

void TaskTable::remove_from_loop() {
    for (TaskCore* task : records_) {
        if (task->waiting_for == WaitingFor::Timer) {
            loop_.cancel_timer(task->timer);
        }
        if (task->waiting_for == WaitingFor::Fd) {
            loop_.unwatch(task->watch);
        }
    }
}

void TaskTable::write_event(const TaskCore& task, EventKind kind) {
    trace_->task_event(loop_.now(), task.name(), kind);
}

}  // namespace coop
