// The fibers runtime: tasks with stacks of their own on the shared loop. The
// life of a task (create, spawn, cancel, finish, reclaim) is
// common/task_table.hpp.
//
// Where things happen (one breakpoint each):
//   Runtime::suspend   (runtime.hpp) the task switches to the loop's stack
//   Runtime::resume    (runtime.cpp) the loop switches to the task's stack,
//                      its first start included
#pragma once

#include <cassert>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/cancelled.hpp"
#include "common/loop.hpp"
#include "common/running_task.hpp"
#include "common/task_table.hpp"
#include "common/trace.hpp"
#include "fibers/stack.hpp"
#include "fibers/task.hpp"

namespace coop::fibers {

// What a task hears when it is cancelled (common/cancelled.hpp).
using coop::Cancelled;
using coop::JoinedTaskCancelled;

class Runtime final : public TaskTable {
  public:
    explicit Runtime(Loop& loop, Trace* trace = nullptr, StackOptions stacks = {});
    // Tasks still suspended are unwound (Boost.Context's forced unwind): their
    // stacks unwind and destructors run, then the stacks are freed. Loop
    // callbacks pointing at tasks must be gone first (loop.clear()).
    ~Runtime();

    TaskHandle create_task(std::string name);
    void spawn(const TaskHandle& task, std::function<void()> body,
               Backend backend = Backend::Fiber);
    TaskHandle spawn(std::string name, std::function<void()> body,
                     Backend backend = Backend::Fiber);

    // The runtime and task running now (common/running_task.hpp).
    using Running = RunningTask<Runtime, TaskRecord>;
    static Runtime& current() { return Running::runtime(); }
    TaskRecord& current_task() { return Running::task(); }

    // The one place where a fiber task gives control back to the loop: a
    // switch to the loop's stack. Everything the task was doing, at whatever
    // depth, stays on its own stack until the loop switches back and this
    // function returns. `arrange_wake_up` tells the loop how to wake the
    // task (a timer, the ready queue, an fd watcher, a channel's queue); it
    // runs only if the task really waits. Throws Cancelled if a
    // cancellation is due here or the task was woken to be cancelled, and
    // what a joined task ended with. `until` is a sleep's deadline (for the
    // trace's `wait` event).
    template <class ArrangeWakeUp>
    void suspend(TaskRecord& task, WaitingFor what, ArrangeWakeUp arrange_wake_up,
                 Time until = Time{-1}) {
        if (suspending(task, what, until)) {
            arrange_wake_up();
            switch_to_loop(task);  // ← returns when the loop switches back
        }
        rethrow_thrown_in(task);  // unwinds the task's own stack, running destructors
    }

  private:
    friend struct TaskRecord;
    void resume(TaskRecord& task);
    // Always inline (the attribute), so that the switch is made from inside
    // the suspension point and leaves no frame of its own on the task's
    // stack. Every function still to return on a stack after a switch back
    // to it costs a yield 6 to 9 ns, measured with bare fibers (most likely:
    // its return reads stack memory not touched since the task suspended,
    // and the processor, whose prediction of return addresses was built on
    // the other stack, mispredicts it; fibers/README.md, "What a switch
    // costs").
    [[gnu::always_inline]] void switch_to_loop(TaskRecord& task) {
        if (task.backend == Backend::Fiber) {
            task.loop_side = std::move(task.loop_side).resume();
        } else {
            (*task.yield_to_loop)();
        }
    }
    void run_body(TaskRecord& task);
    void run_tasks(Coroutine::push_type& yield);
    TaskStack stack_for(const TaskRecord& task);
    TaskCore& new_record() override { return records_.emplace_back(*this); }

    StackOptions stacks_;
    std::optional<TaskStack::Pool> stack_pool_;  // StackOptions::pooled
    std::deque<TaskRecord> records_;             // a deque: records never move
    // StackOptions::pooled: coroutines whose task has ended (run_tasks).
    // Destroyed first of all the members: each one unwinds its stack (a
    // forced unwind) past run_tasks' yield, then its stack is freed.
    std::vector<Coroutine::pull_type> idle_coroutines_;
};

}  // namespace coop::fibers
