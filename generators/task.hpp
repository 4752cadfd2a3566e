// What a task is in the generators technique: a stack of generators, kept by
// the driver, and what to pass into the top one when it goes on.
//
//   stack[0]   the task's body                    ┐ each one waits, suspended at
//   stack[1]   a generator it delegated to        │ its own co_yield, for the one
//   ...                                           │ above it to finish
//   stack[n]   the generator running now (top)    ┘
//
// A coroutine's chain of awaiting frames links itself (each frame knows its
// continuation); a generator knows nothing about who runs it. This explicit
// stack is the price of being stackless with a trampoline: the driver, not
// the generators, remembers who delegated to whom.
//
// What every task holds whatever the technique (its name, state, what it
// waits on, its joiners, the exception to throw in) is in common/task_core.hpp.
#pragma once

#include <cstdint>
#include <vector>

#include "common/channel_core.hpp"
#include "common/task_core.hpp"
#include "common/task_handle.hpp"
#include "generators/requests.hpp"

namespace coop::generators {

class Runtime;

// The loop runs a TaskRecord (run(), in runtime.cpp) for its first step,
// after a wake-up, and when its timer or fd fires.
struct TaskRecord final : TaskCore {
    explicit TaskRecord(Runtime& owner) : runtime(owner) {}

    void run() override;

    Runtime& runtime;
    std::vector<AnyTaskGenerator> stack;  // delegation stack; the back is running
    Reply reply;           // sent in when it goes on, unless thrown_in holds an exception
    bool started = false;  // the top generator has begun to run (start() was called)
    // A channel operation that waits keeps its value here: the driver has
    // no stack of the task's to keep it on.
    ChannelWaiter<std::int64_t> channel_op{this, std::nullopt};
};

}  // namespace coop::generators
