// The driver of the generators technique: a trampoline on the shared loop.
//
// Tasks yield requests (requests.hpp); the driver carries them out. It is the
// only code that talks to the loop, and it has exactly two key places:
//   Runtime::drive           (runtime.cpp) the one place where a generator is
//                            resumed (send / throw_in), in a loop
//   Runtime::carry_out       (runtime.cpp) the one place where a request is
//                            handled; the suspending ones go to suspend.cpp
#pragma once

#include <cassert>
#include <deque>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/loop.hpp"
#include "common/trace.hpp"
#include "generators/task.hpp"

namespace coop::generators {

// Thrown into a task at its co_yield when it is cancelled.
class Cancelled : public std::exception {
  public:
    const char* what() const noexcept override { return "task cancelled"; }
};

// Thrown into a joiner when the task it joined was cancelled.
class JoinedTaskCancelled : public std::exception {
  public:
    const char* what() const noexcept override { return "the joined task was cancelled"; }
};

class Runtime {
  public:
    // With a trace, the driver records start, resume, end, fail, cancelled.
    explicit Runtime(Loop& loop, Trace* trace = nullptr) : loop_(loop), trace_(trace) {}
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;
    // Destroys suspended tasks' generators (their locals' destructors run).
    // Loop callbacks pointing at tasks must be gone first (loop.clear()).
    ~Runtime();

    Loop& loop() { return loop_; }

    TaskRecord& create_task(std::string name);
    void spawn(TaskRecord& task, AnyTaskGenerator body);
    void cancel(TaskRecord& task);
    std::vector<const TaskRecord*> unfinished_tasks() const;

    // Used by Channel: puts a waiting task in the ready queue, to be sent
    // `reply` when it goes on. Inline, as is suspend: both run on every
    // suspension.
    void wake_soon(TaskRecord& task, Reply reply) {
        assert(task.state == TaskState::Waiting);
        if (trace_ != nullptr && task.waiting_for != WaitingFor::Ready) {
            trace_->wake(loop_.now(), task.name);
        }
        task.reply = reply;
        task.state = TaskState::Ready;
        task.waiting_for = WaitingFor::Ready;
        loop_.call_soon(task);
    }

  private:
    friend struct TaskRecord;
    void first_step(TaskRecord& task);
    void resume(TaskRecord& task);
    void drive(TaskRecord& task);
    bool carry_out(TaskRecord& task, Request& request);
    void finish(TaskRecord& task, std::exception_ptr error);
    bool stop_waiting(TaskRecord& task);
    // Tracing is off in most runs: the check is inline, the writing is not.
    void record(const TaskRecord& task, EventKind kind) {
        if (trace_ != nullptr) {
            write_event(task, kind);
        }
    }
    void write_event(const TaskRecord& task, EventKind kind);

    // The task is to wait for `what`. False when a cancellation is due at
    // this suspension point instead: Cancelled is thrown in and the task
    // goes on at once. `until` is a sleep's deadline (for the trace's `wait`
    // event).
    bool suspend(TaskRecord& task, WaitingFor what, Time until = Time{-1}) {
        assert(task.state == TaskState::Running);
        if (task.cancel_requested) {
            // Cancelled after completing a channel hand-off: it ends here
            // instead of suspending.
            throw_in_cancelled(task);
            return false;
        }
        task.waiting_for = what;
        task.state = TaskState::Waiting;
        if (trace_ != nullptr) {
            trace_->wait(loop_.now(), task.name, what, until);
        }
        return true;
    }

    // gen.throw(Cancelled) at the task's co_yield, when it goes on. Out of
    // line: creating an exception is rare, and keeping it out of the
    // functions above keeps their common path short.
    static void throw_in_cancelled(TaskRecord& task);

    // suspend.cpp: the requests that make a task wait.
    bool sleep(TaskRecord& task, const SleepFor& request);
    bool wait_fd(TaskRecord& task, const WaitFd& request);
    bool join(TaskRecord& task, const JoinTask& request);
    bool send(TaskRecord& task, const SendTo& request);
    bool receive(TaskRecord& task, const ReceiveFrom& request);

    Loop& loop_;
    Trace* trace_;
    // One copy of each task name; the records refer to them. An
    // unordered_set never moves its elements and this one never drops one,
    // so the references stay valid as long as the runtime.
    std::unordered_set<std::string> names_;
    std::deque<TaskRecord> tasks_;  // a deque: records never move
    std::size_t spawned_ = 0;
};

}  // namespace coop::generators
