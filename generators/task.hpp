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

// One byte each: a million suspended tasks hold a million records.
enum class TaskState : std::uint8_t { NotSpawned, Scheduled, Running, Waiting, Ready, Done };
enum class Ending : std::uint8_t { None, Ended, Failed, Cancelled };
// What a waiting task waits for: coop::WaitingFor, in common/trace.hpp.

// The loop runs a task (run(), in runtime.cpp) for its first step, after a
// wake-up, and when its timer or fd fires.
struct TaskRecord final : Runnable {
    TaskRecord(Runtime& owner, const std::string& task_name) : runtime(owner), name(task_name) {}
    TaskRecord(const TaskRecord&) = delete;
    TaskRecord& operator=(const TaskRecord&) = delete;

    void run() override;

    Runtime& runtime;
    // The task's name is kept once, by the runtime (Runtime::names_), and
    // only referred to here: a reference is 8 bytes where a std::string is
    // 32, and a thousand tasks spawned as "worker" share one copy.
    const std::string& name;
    std::size_t spawn_order = 0;

    std::vector<AnyTaskGenerator> stack;  // delegation stack; the back is running
    Reply reply;                          // sent in when it goes on ...
    std::exception_ptr throw_in;          // ... or this is thrown in instead

    // The one-byte fields side by side, so that they share one word.
    TaskState state = TaskState::NotSpawned;
    WaitingFor waiting_for = WaitingFor::Nothing;
    bool started = false;  // the top generator has not run yet
    bool cancel_requested = false;
    bool completes_handoff = false;
    Ending ending = Ending::None;

    // What it waits on. A task waits on one thing at a time, so these share
    // their space (a union): waiting_for is the tag that says which one holds
    // a value, and reading another is a bug. Every member is trivial (an id
    // or a pointer), so the union needs no constructor or destructor and
    // writing one member simply replaces the other; being anonymous, they
    // read as task.timer, task.joined. (A std::variant would check each read,
    // but would keep a tag of its own beside waiting_for.)
    union {
        TimerId timer;                 // WaitingFor::Timer
        WatchId watch;                 // WaitingFor::Fd
        TaskRecord* joined = nullptr;  // WaitingFor::Join
        Channel* channel;              // WaitingFor::Send, Recv
    };

    std::vector<TaskRecord*> joiners;
    std::exception_ptr error;

    bool done() const { return state == TaskState::Done; }
};

}  // namespace coop::generators
