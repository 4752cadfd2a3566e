// The two exceptions of cancellation (docs/semantics.md, "Cancellation"),
// the same in every technique. Callbacks never throw them: its runtime turns
// them into a Wakeup (callbacks/task.hpp).
#pragma once

#include <exception>

namespace coop {

// Thrown at a task's suspension point when it is cancelled. Let it propagate:
// destructors and catch blocks run on the way out, and the task ends as
// cancelled. A task that catches it and goes on is cancelled again at its
// next suspension point.
class Cancelled : public std::exception {
  public:
    const char* what() const noexcept override { return "task cancelled"; }
};

// Thrown at a join when the joined task was cancelled: the joiner is
// cancelled too, unless it catches this.
class JoinedTaskCancelled : public std::exception {
  public:
    const char* what() const noexcept override { return "the joined task was cancelled"; }
};

}  // namespace coop
