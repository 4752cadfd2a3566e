// What a task is in the generators technique: a stack of generators, kept by
// the driver, and what to pass into the top one when it goes on.
//
//   body           the task's body                 ┐ each one waits, suspended at
//   delegated[0]   a generator it delegated to     │ its own co_yield, for the one
//   ...                                            │ above it to finish
//   delegated[n]   the generator running now (top) ┘
//
// The body is held in the record itself, and only delegations go in a
// vector: most tasks never delegate, and an empty vector allocates nothing.
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

    // The generator on top of the stack: the one that runs when the task
    // goes on.
    AnyTaskGenerator& top() { return delegated.empty() ? body : delegated.back(); }

    // The value a channel gave this task (at once, or handed over by a
    // sender while it waited) becomes what its co_yield evaluates to.
    void reply_with_received_value() {
        reply = Reply{*channel_op.value};
        channel_op.value.reset();
    }

    Runtime& runtime;
    AnyTaskGenerator body;                    // the bottom of the stack
    std::vector<AnyTaskGenerator> delegated;  // the rest of it; the back is on top
    Reply reply;  // sent in when it goes on, unless thrown_in holds an exception
    // A channel operation that waits keeps its value here: the driver has
    // no stack of the task's to keep it on.
    ChannelWaiter<std::int64_t> channel_op{this, std::nullopt};
};

}  // namespace coop::generators
