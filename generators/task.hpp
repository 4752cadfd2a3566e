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
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "common/loop.hpp"
#include "common/trace.hpp"
#include "generators/requests.hpp"

namespace coop::generators {

class Runtime;

enum class TaskState { NotSpawned, Scheduled, Running, Waiting, Ready, Done };
enum class Ending { None, Ended, Failed, Cancelled };
// What a waiting task waits for: coop::WaitingFor, in common/trace.hpp.

// The loop runs a task (run(), in runtime.cpp) for its first step, after a
// wake-up, and when its timer or fd fires.
struct TaskRecord final : Runnable {
    TaskRecord(Runtime& owner, const std::string& task_name) : runtime(owner), name(task_name) {}
    TaskRecord(const TaskRecord&) = delete;
    TaskRecord& operator=(const TaskRecord&) = delete;

    void run() override;

    Runtime& runtime;
    const std::string& name;  // the runtime keeps one copy of each name
    TaskState state = TaskState::NotSpawned;
    std::size_t spawn_order = 0;

    std::vector<AnyTaskGenerator> stack;  // delegation stack; the back is running
    bool started = false;                 // the top generator has not run yet
    Reply reply;                          // sent in when it goes on ...
    std::exception_ptr throw_in;          // ... or this is thrown in instead

    WaitingFor waiting_for = WaitingFor::Nothing;
    std::optional<TimerId> timer;
    std::optional<WatchId> watch;
    TaskRecord* joined = nullptr;
    Channel* channel = nullptr;

    bool cancel_requested = false;
    bool completes_handoff = false;

    std::vector<TaskRecord*> joiners;
    Ending ending = Ending::None;
    std::exception_ptr error;

    bool done() const { return state == TaskState::Done; }
};

}  // namespace coop::generators
