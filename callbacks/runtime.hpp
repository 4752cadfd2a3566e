// The callbacks runtime: every operation a task can ask for. Each operation
// that may wait takes the continuation to call when the task goes on. The
// life of a task (create, spawn, cancel, finish, reclaim) is common/task_table.hpp.
//
// Where things happen (one breakpoint each):
//   Runtime::suspend        (suspend.hpp) the task gives control back to the loop
//   Runtime::resume         (runtime.cpp) the loop gives control back to the task
#pragma once

#include <deque>
#include <string>

#include "callbacks/task.hpp"
#include "common/loop.hpp"
#include "common/task_table.hpp"
#include "common/trace.hpp"

namespace coop::callbacks {

class Runtime final : public TaskTable {
  public:
    explicit Runtime(Loop& loop, Trace* trace = nullptr) : TaskTable(loop, trace) {}
    // Drops what the tasks left in the loop (timers, fd watchers) and their
    // continuations, whose destructors release what the tasks held. Callbacks
    // already in the ready queue point at tasks too: call loop.clear() (or let
    // the loop run dry) before destroying a runtime with suspended tasks.
    ~Runtime();

    // A task handle exists before the task is spawned, so that it can be
    // joined or cancelled early.
    TaskHandle create_task(std::string name);

    // Schedules `first_step` with call_soon. A task cancelled before it
    // started never runs: it ends as cancelled.
    void spawn(const TaskHandle& task, Continuation first_step);

    // --- suspension points (suspend.hpp) ---------------------------------
    // Each one saves `next` in the task and returns: the caller must return
    // straight to the loop too. `next` is called when the task goes on. It is
    // whatever the caller would put in a Continuation (usually a lambda that
    // takes a const Wakeup&), and it is built in the task, in place.
    template <class Next>
    void sleep(TaskRecord& self, Duration d, Next&& next);  // d == 0: yield
    template <class Next>
    void yield(TaskRecord& self, Next&& next);
    template <class Next>
    void wait_readable(TaskRecord& self, int fd, Next&& next);
    template <class Next>
    void wait_writable(TaskRecord& self, int fd, Next&& next);

    // Returns false when `target` is already done: nothing is saved, the
    // caller goes on at once and reads outcome_of_join(target). Otherwise
    // the task waits and `next` is called (Resumed, JoinedTaskFailed,
    // JoinedTaskCancelled or Cancelled) once `target` has finished.
    template <class Next>
    bool join(TaskRecord& self, TaskCore& target, Next&& next);
    static Wakeup outcome_of_join(const TaskCore& target);

    // The task has no more work: it ended, failed (with `failure`, the text
    // its joiners hear) or was cancelled.
    void finish(TaskRecord& task, Ending how, std::string failure = {});

    // The task gives control back to the loop: `next` is saved, and the
    // caller arranges how the task is woken, then returns. False if a
    // cancellation is due at this suspension point: then `next` has already
    // been called with Wakeup::Cancelled and the task did not suspend.
    // `until` is a sleep's deadline (for the trace's `wait` event).
    template <class Next>
    bool suspend(TaskRecord& self, WaitingFor what, Next&& next, Time until = Time{-1});

  private:
    friend struct TaskRecord;
    void resume(TaskRecord& task);
    template <class Next>
    void wait_fd(TaskRecord& self, int fd, Interest interest, Next&& next);
    TaskCore& new_record() override { return records_.emplace_back(*this); }

    std::deque<TaskRecord> records_;  // a deque: records never move
};

}  // namespace coop::callbacks

// The suspension points are templates: here are their definitions.
#include "callbacks/suspend.hpp"
