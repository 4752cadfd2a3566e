#include "callbacks/runtime.hpp"

#include <stdexcept>
#include <utility>

#include "common/cancelled.hpp"

namespace coop::callbacks {

namespace {

// What the other techniques throw in at a suspension point
// (TaskCore::thrown_in), told to a continuation as data.
Wakeup wakeup_from(const std::exception_ptr& thrown) {
    Wakeup wakeup;
    if (thrown) {
        try {
            std::rethrow_exception(thrown);
        } catch (const Cancelled&) {
            wakeup.kind = Wakeup::Cancelled;
        } catch (const JoinedTaskCancelled&) {
            wakeup.kind = Wakeup::JoinedTaskCancelled;
        } catch (const std::exception& e) {
            wakeup.kind = Wakeup::JoinedTaskFailed;
            wakeup.failure = e.what();
        }
    }
    return wakeup;
}

// What a continuation is told when its task goes on: what was thrown in, or
// the value a channel handed it. Nothing thrown in is the common case: it
// is told apart here, without a call.
Wakeup wakeup_for(TaskRecord& task) {
    Wakeup wakeup;
    if (task.thrown_in) {
        wakeup = wakeup_from(std::exchange(task.thrown_in, nullptr));
    } else if (task.channel_op.value) {
        wakeup.value = *task.channel_op.value;
    }
    task.channel_op.value.reset();
    return wakeup;
}

}  // namespace

Runtime::~Runtime() {
    remove_from_loop();
    // Every saved continuation goes now: whatever the closures captured is
    // destroyed, which is how a callbacks task releases what it held when it
    // is abandoned.
    for (TaskRecord& task : records_) {
        task.continuation.reset();
    }
}

TaskHandle Runtime::create_task(std::string name) {
    return TaskHandle{create(std::move(name)), *this};
}

void Runtime::spawn(const TaskHandle& task, Continuation first_step) {
    task.record().continuation.emplace(std::move(first_step));
    spawned(task.record());
}

// The loop comes to the task: its first step, a wake-up, or its timer or fd
// firing. Whichever it is, the task goes on in Runtime::resume.
void TaskRecord::run() {
    runtime.resume(*this);
}

// The one place where the loop gives control back to a task: the saved
// continuation is taken out of the task and called. Whatever the task waited
// for, it goes on from here, its first step included.
void Runtime::resume(TaskRecord& task) {
    // Taken out, not called in place: while it runs, the task saves its
    // next continuation there.
    Continuation next = std::move(*task.continuation);
    task.continuation.reset();
    if (going_on(task)) {
        next(wakeup_for(task));
    }
    reclaim_if_unused(task);
}

Wakeup Runtime::outcome_of_join(const TaskCore& target) {
    return wakeup_from(join_outcome(target));
}

void Runtime::finish(TaskRecord& task, Ending how, std::string failure) {
    std::exception_ptr error;
    if (how == Ending::Failed) {
        error = std::make_exception_ptr(std::runtime_error(failure));
    } else if (how == Ending::Cancelled) {
        error = std::make_exception_ptr(Cancelled{});
    }
    TaskTable::finish(task, std::move(error));
}

}  // namespace coop::callbacks
