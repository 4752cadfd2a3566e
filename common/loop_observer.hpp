// Someone who watches the loop work, one step at a time: `coop step` shows
// what the loop holds after each thing it does (cli/step_command.cpp).
//
// The loop tells an observer, if one is set, and otherwise does nothing more
// than test one pointer at each step. It still knows nothing of tasks: a
// runtime's task table announces itself to the observer (TaskTable's
// constructor), so that the observer can read the tasks that wait outside
// the loop (on a channel or a join) as well as those inside it.
#pragma once

#include <cstdint>

namespace coop {

class Loop;
class TaskTable;

// The things one iteration of Loop::run_once does, as an observer sees them.
enum class LoopStep : std::uint8_t {
    NewIteration,  // step 1: an iteration begins (it has work: something ready, timers, watchers)
    IoPolled,      // step 2: the fd watchers were polled; ready ones joined the ready queue
    TimersDue,     // step 3: due timers joined the ready queue (the clock may have jumped)
    Runs,          // step 4: the loop is about to run the next Runnable of this batch
    OutOfWork,     // nothing is ready, no timers, no watchers: run() returns
};

class LoopObserver {
  public:
    // The loop did `step` (for Runs: is about to). The observer may read the
    // loop (and the task tables it was given) but must not change them.
    virtual void loop_step(const Loop& loop, LoopStep step) = 0;
    // A task table was made on the observed loop, or is going away.
    virtual void tasks_appear(const TaskTable& tasks) = 0;
    virtual void tasks_disappear(const TaskTable& tasks) = 0;

  protected:
    LoopObserver() = default;
    LoopObserver(const LoopObserver&) = default;
    LoopObserver& operator=(const LoopObserver&) = default;
    ~LoopObserver() = default;
};

}  // namespace coop
