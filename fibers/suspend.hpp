// The suspension points of the fibers technique. They are plain functions:
// call them from the task's body or from any function it calls, at any
// depth. Each one arranges how the task will be woken, then calls
// Runtime::suspend, which switches to the loop's stack; the call returns when
// the loop switches back.
#pragma once

#include "common/clock.hpp"
#include "fibers/runtime.hpp"

namespace coop::fibers {

// d > 0: a timer, and the loop runs the task when it fires; d == 0: yield
// (back of the ready queue, one loop iteration).
void sleep(Duration d);
void yield();
void wait_readable(int fd);
void wait_writable(int fd);

// Waits until `task` has finished. Rethrows its exception if it failed;
// throws JoinedTaskCancelled if it was cancelled.
void join(const TaskHandle& task);

// Work that does not suspend: every other task waits.
void busy(Duration d);

}  // namespace coop::fibers
