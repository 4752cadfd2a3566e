// The driver of the generators technique: a trampoline on the shared loop.
//
// Tasks yield requests (requests.hpp); the driver carries them out. It is the
// only code that talks to the loop. The life of a task (create, spawn,
// cancel, finish, reclaim) is common/task_table.hpp.
//
// Where things happen (one breakpoint each):
//   Runtime::resume     (runtime.cpp) the loop gives control back to the task;
//                       drive(), the trampoline, resumes its top generator
//   Runtime::suspend    (runtime.hpp) a yielded request makes the task wait:
//                       drive() returns to the loop
#pragma once

#include <deque>
#include <string>

#include "common/cancelled.hpp"
#include "common/loop.hpp"
#include "common/task_table.hpp"
#include "common/trace.hpp"
#include "generators/channel.hpp"
#include "generators/task.hpp"

namespace coop::generators {

// What a task hears when it is cancelled (common/cancelled.hpp).
using coop::Cancelled;
using coop::JoinedTaskCancelled;

class Runtime final : public TaskTable {
  public:
    explicit Runtime(Loop& loop, Trace* trace = nullptr) : TaskTable(loop, trace) {}
    // Destroys suspended tasks' generators (their locals' destructors run).
    // Loop callbacks pointing at tasks must be gone first (loop.clear()).
    ~Runtime();

    TaskHandle create_task(std::string name);
    void spawn(const TaskHandle& task, AnyTaskGenerator body);

  private:
    friend struct TaskRecord;
    void resume(TaskRecord& task);
    void drive(TaskRecord& task);

    // The task is to wait for `what`: true. False when a cancellation is
    // due at this suspension point instead: Cancelled is thrown in and the
    // task goes on at once. `until` is a sleep's deadline (for the trace).
    bool suspend(TaskRecord& task, WaitingFor what, Time until = Time{-1}) {
        return suspending(task, what, until);
    }

    // suspend.cpp: the one place where each request is handled. Each
    // returns true when the task can go on at once (its answer, or an
    // exception to throw in, is ready), false when it waits.
    bool carry_out(TaskRecord& task, SleepFor& request);
    bool carry_out(TaskRecord& task, WaitFd& request);
    bool carry_out(TaskRecord& task, JoinTask& request);
    bool carry_out(TaskRecord& task, SendTo& request);
    bool carry_out(TaskRecord& task, ReceiveFrom& request);
    bool carry_out(TaskRecord& task, BusyFor& request);
    bool carry_out(TaskRecord& task, SpawnTask& request);
    bool carry_out(TaskRecord& task, CancelTask& request);
    bool carry_out(TaskRecord& task, Delegate& request);

    TaskCore& new_record() override { return records_.emplace_back(*this); }

    std::deque<TaskRecord> records_;  // a deque: records never move
};

}  // namespace coop::generators
