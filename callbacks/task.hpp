// What a task is when it is written with callbacks.
//
// A callbacks task has no stack of its own that survives a suspension: when
// it waits, its C++ frames return and are gone. Everything it needs to go on
// must be saved by hand, in two places:
//
//   TaskRecord::continuation   the code to run when it goes on ("the rest of
//                              the task"), a closure that captures where it was
//   the closure's object       the task's own state (in the scenario
//                              interpreter: a stack of (operations, next
//                              index, repeats left))
//
//        loop ──(timer / ready / fd)──▶ Runtime::resume(task)
//                                           │ moves task.continuation out
//                                           ▼
//                                   continuation(Wakeup)   ← runs until the task
//                                           │                calls a suspending
//                                           ▼                function again
//                        Runtime::suspend(task, next continuation)  → returns
//                                                                     to the loop
//
// What every task holds whatever the technique (its name, state, what it
// waits on, its joiners) is in common/task_core.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/channel_core.hpp"
#include "common/task_core.hpp"
#include "common/task_handle.hpp"

namespace coop::callbacks {

class Runtime;

// Why a continuation is being called. Errors and cancellation do not unwind a
// stack (there is none to unwind): they arrive here, as data.
struct Wakeup {
    enum Kind : std::uint8_t {
        Resumed,              // what it waited for happened
        Cancelled,            // the task was cancelled: it must end now
        JoinedTaskFailed,     // join: the joined task failed with `failure`
        JoinedTaskCancelled,  // join: the joined task was cancelled
    };
    Kind kind = Resumed;
    std::int64_t value = 0;  // recv: the value received
    std::string failure;     // JoinedTaskFailed: the joined task's text
};

// The rest of a task. std::function keeps a closure in place, without
// allocating, only when it fits in two pointers (16 bytes) *and* is
// trivially copyable: a lambda capturing `this` and a pointer does; one
// capturing a std::shared_ptr allocates, whatever its size.
using Continuation = std::function<void(const Wakeup&)>;

// The loop runs a TaskRecord (run(), in runtime.cpp) for its first step,
// after a wake-up, and when its timer or fd fires.
struct TaskRecord final : TaskCore {
    explicit TaskRecord(Runtime& owner) : runtime(owner) {}

    void run() override;

    Runtime& runtime;
    // The saved "rest of the task". Empty while the task runs. An optional
    // so that a suspension point can build the closure right here, in place
    // (callbacks/suspend.hpp says why).
    std::optional<Continuation> continuation;
    // A channel operation that waits keeps its value here: the task has no
    // stack to keep it on.
    ChannelWaiter<std::int64_t> channel_op{this, std::nullopt};
};

using TaskHandle = coop::TaskHandle<TaskRecord>;

}  // namespace coop::callbacks
