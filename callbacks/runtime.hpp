// The callbacks runtime: the table of tasks on the shared loop, and every
// operation a task can ask for. Each operation that may wait takes the
// continuation to call when the task goes on.
//
// Where things happen (one breakpoint each):
//   Runtime::suspend        (suspend.cpp) the task gives control back to the loop
//   Runtime::resume         (runtime.cpp) the loop gives control back to the task
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "callbacks/task.hpp"
#include "common/loop.hpp"
#include "common/trace.hpp"

namespace coop::callbacks {

class Runtime {
  public:
    // With a trace, the runtime records every task's start, resume, end,
    // fail and cancelled events (and, if the trace asks for them, waits).
    explicit Runtime(Loop& loop, Trace* trace = nullptr) : loop_(loop), trace_(trace) {}
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;
    // Drops what the tasks left in the loop (timers, fd watchers) and their
    // continuations, whose destructors release what the tasks held. Callbacks
    // already in the ready queue point at tasks too: call loop.clear() (or let
    // the loop run dry) before destroying a runtime with suspended tasks.
    ~Runtime();

    Loop& loop() { return loop_; }

    // A task handle exists before the task is spawned, so that it can be
    // joined or cancelled early.
    Task& create_task(std::string name);

    // Schedules `first_step` with call_soon. It is called with
    // Wakeup::Cancelled instead if the task was cancelled before it started.
    void spawn(Task& task, Continuation first_step);

    // --- suspension points (suspend.cpp) ---------------------------------
    // Each one saves `next` in the task and returns: the caller must return
    // straight to the loop too. `next` is called when the task goes on.
    void sleep(Task& self, Duration d, Continuation next);  // d == 0: yield
    void yield(Task& self, Continuation next);
    void wait_readable(Task& self, int fd, Continuation next);
    void wait_writable(Task& self, int fd, Continuation next);

    // Returns false when `target` is already done: nothing is saved, the
    // caller goes on at once and reads target.ending itself. Otherwise the
    // task waits and `next` is called (Resumed, JoinedTaskFailed,
    // JoinedTaskCancelled or Cancelled) once `target` has finished.
    bool join(Task& self, Task& target, Continuation next);

    // Cancels `target` (SEMANTICS §4); the caller goes on.
    void cancel(Task& target);

    // The task has no more work: it ended, failed or was cancelled. Wakes
    // its joiners in the order they began to wait.
    void finish(Task& task, Ending how, std::string failure = {});

    // The tasks spawned but not finished, in spawn order.
    std::vector<const Task*> unfinished_tasks() const;

    // --- used by Channel --------------------------------------------------
    // The task gives control back to the loop. False if a cancellation is
    // due at this suspension point: then `next` has already been called with
    // Wakeup::Cancelled and the task did not suspend.
    // `until` is a sleep's deadline (for the trace's `wait` event).
    bool suspend(Task& self, WaitingFor what, Continuation&& next, Time until = Time{-1});
    // Puts a waiting task in the ready queue; its continuation will be told
    // `kind` (and, for a receiver, the value received).
    void wake_soon(Task& task, Wakeup::Kind kind = Wakeup::Resumed, std::int64_t received = 0);

  private:
    friend struct Task;
    void resume(Task& task);
    void wait_fd(Task& self, int fd, Interest interest, Continuation next);
    bool stop_waiting(Task& task);  // undoes whatever the task waits on
    // Tracing is off in most runs: the check is inline, the writing is not.
    void record(const Task& task, EventKind kind) {
        if (trace_ != nullptr) {
            write_event(task, kind);
        }
    }
    void write_event(const Task& task, EventKind kind);

    Loop& loop_;
    Trace* trace_;
    // One copy of each task name; the records refer to them. An
    // unordered_set never moves its elements and this one never drops one,
    // so the references stay valid as long as the runtime.
    std::unordered_set<std::string> names_;
    std::deque<Task> tasks_;  // a deque: tasks never move
    std::size_t spawned_ = 0;
};

}  // namespace coop::callbacks
