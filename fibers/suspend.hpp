// The suspension points of the fibers technique. They are plain functions:
// call them from the task's body or from any function it calls, at any
// depth. Each one arranges how the task will be woken, then calls
// Runtime::suspend, which switches to the loop's stack; the call returns when
// the loop switches back.
#pragma once

#include "common/clock.hpp"
#include "fibers/runtime.hpp"

namespace coop::fibers {

// d > 0: a timer, and the loop runs the task when it fires; d <= 0: yield.
void sleep(Duration d);

// Back of the ready queue: the task goes on in the next loop iteration.
// Defined here, inline, so that a task that yields in a loop switches from
// its own code: after the switch back there is no function left to return
// from (see Runtime::switch_to_loop; fibers/README.md, "What a switch
// costs").
inline void yield() {
    Runtime& rt = Runtime::current();
    TaskRecord& task = rt.current_task();
    rt.suspend(task, WaitingFor::Ready, [&] { rt.wake_soon(task); });
}

void wait_readable(int fd);
void wait_writable(int fd);

// Waits until `task` has finished. Rethrows its exception if it failed;
// throws JoinedTaskCancelled if it was cancelled.
void join(const TaskHandle& task);

// Work that does not suspend: every other task waits.
void busy(Duration d);

}  // namespace coop::fibers
