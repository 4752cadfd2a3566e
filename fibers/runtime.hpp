// The fibers runtime: tasks with stacks of their own on the shared loop.
//
// Where things happen (one breakpoint each):
//   Runtime::suspend        (suspend.cpp) the task switches to the loop's stack
//   Runtime::switch_into    (runtime.cpp) the loop switches to the task's stack
#pragma once

#include <cassert>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/loop.hpp"
#include "common/trace.hpp"
#include "fibers/stack.hpp"
#include "fibers/task.hpp"

namespace coop::fibers {

// Thrown at a task's suspension point when it is cancelled: the task's stack
// unwinds and its destructors run. A task that catches it and goes on is
// cancelled again at its next suspension point.
class Cancelled : public std::exception {
  public:
    const char* what() const noexcept override { return "task cancelled"; }
};

// Thrown by join() when the joined task was cancelled.
class JoinedTaskCancelled : public std::exception {
  public:
    const char* what() const noexcept override { return "the joined task was cancelled"; }
};

class TaskHandle {
  public:
    explicit TaskHandle(TaskRecord* record) : record_(record) {}
    const std::string& name() const { return record_->name; }
    bool done() const { return record_->done(); }
    Ending ending() const { return record_->ending; }
    TaskRecord& record() const { return *record_; }

  private:
    TaskRecord* record_;
};

class Runtime {
  public:
    // With a trace, the runtime records start, resume, end, fail, cancelled.
    explicit Runtime(Loop& loop, Trace* trace = nullptr, StackOptions stacks = {});
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;
    // Tasks still suspended are unwound (Boost.Context's forced unwind): their
    // stacks unwind and destructors run, then the stacks are freed. Loop
    // callbacks pointing at tasks must be gone first (loop.clear()).
    ~Runtime();

    Loop& loop() { return loop_; }

    TaskHandle create_task(std::string name);
    void spawn(TaskHandle task, std::function<void()> body, Backend backend = Backend::Fiber);
    TaskHandle spawn(std::string name, std::function<void()> body,
                     Backend backend = Backend::Fiber);
    void cancel(TaskHandle task);
    std::vector<const TaskRecord*> unfinished_tasks() const;

    // The runtime and task running now.
    static Runtime& current() {
        assert(current_ != nullptr && "a fibers call outside a task of a fibers::Runtime");
        return *current_;
    }
    TaskRecord& current_task() {
        assert(running_ != nullptr);
        return *running_;
    }

    // --- for the suspension points (suspend.cpp, channel.cpp) -------------
    // A suspension point begins: throws Cancelled if a cancel is due here,
    // otherwise marks the task as waiting for `what`. Inline, as is
    // wake_soon: both run on every suspension. `until` is a sleep's
    // deadline (for the trace's `wait` event).
    void prepare_to_suspend(TaskRecord& task, WaitingFor what, Time until = Time{-1}) {
        assert(task.state == TaskState::Running);
        if (task.cancel_requested) {
            // A cancel arrived while it completed a channel hand-off (or it
            // swallowed Cancelled): it is cancelled here instead of suspending.
            throw Cancelled{};
        }
        task.waiting_for = what;
        task.state = TaskState::Waiting;
        if (trace_ != nullptr) {
            trace_->wait(loop_.now(), task.name, what, until);
        }
    }
    // Switches to the loop; returns when the task is resumed. Throws
    // Cancelled if it was woken to be cancelled.
    void suspend(TaskRecord& task);
    // Puts a waiting task in the ready queue.
    void wake_soon(TaskRecord& task) {
        assert(task.state == TaskState::Waiting);
        if (trace_ != nullptr && task.waiting_for != WaitingFor::Ready) {
            trace_->wake(loop_.now(), task.name);
        }
        task.state = TaskState::Ready;
        task.waiting_for = WaitingFor::Ready;
        loop_.call_soon(task);
    }

  private:
    friend struct TaskRecord;
    void first_step(TaskRecord& task);
    void resume(TaskRecord& task);
    void switch_into(TaskRecord& task);
    void switch_to_loop(TaskRecord& task);
    void run_body(TaskRecord& task);
    void finish(TaskRecord& task, std::exception_ptr error);
    bool stop_waiting(TaskRecord& task);
    // Tracing is off in most runs: the check is inline, the writing is not.
    void record(const TaskRecord& task, EventKind kind) {
        if (trace_ != nullptr) {
            write_event(task, kind);
        }
    }
    void write_event(const TaskRecord& task, EventKind kind);
    TaskStack stack_for(const TaskRecord& task);

    // The runtime whose task is running now: the suspension points find
    // their task through it.
    static inline thread_local Runtime* current_ = nullptr;

    Loop& loop_;
    Trace* trace_;
    StackOptions stacks_;
    std::optional<TaskStack::Pool> stack_pool_;  // StackOptions::pooled
    // One copy of each task name; the records refer to them. An
    // unordered_set never moves its elements and this one never drops one,
    // so the references stay valid as long as the runtime.
    std::unordered_set<std::string> names_;
    std::deque<TaskRecord> tasks_;  // a deque: records never move
    std::size_t spawned_ = 0;
    TaskRecord* running_ = nullptr;
};

}  // namespace coop::fibers
