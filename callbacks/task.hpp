// What a task is when it is written with callbacks.
//
// A callbacks task has no stack of its own that survives a suspension: when
// it waits, its C++ frames return and are gone. Everything it needs to go on
// must be saved by hand, in two places:
//
//   Task::continuation   the code to run when it goes on ("the rest of the
//                        task"), a closure that captures where it was
//   the closure's object the task's own state (in the scenario interpreter:
//                        a stack of (operations, next index, repeats left))
//
//        loop ──(timer / ready / fd)──▶ Runtime::resume(task)
//                                           │ moves task.continuation out
//                                           ▼
//                                   continuation(Wakeup)   ← runs until the task
//                                           │                calls a suspending
//                                           ▼                function again
//                        Runtime::suspend(task, next continuation)  → returns
//                                                                     to the loop
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/loop.hpp"
#include "common/trace.hpp"

namespace coop::callbacks {

class Channel;
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

using Continuation = std::function<void(const Wakeup&)>;

// One byte each: a million suspended tasks hold a million records.
enum class TaskState : std::uint8_t {
    NotSpawned,  // exists (can be joined or cancelled) but was never spawned
    Scheduled,   // spawned; its first step waits in the ready queue
    Running,     // its code is on the C++ stack right now
    Waiting,     // suspended: on a timer, a join, a channel or an fd
    Ready,       // woken; its continuation waits in the ready queue
    Done,
};

enum class Ending : std::uint8_t { None, Ended, Failed, Cancelled };

// What a waiting task waits for, so that cancel() knows what to undo, is a
// coop::WaitingFor (common/trace.hpp), the same in every technique.

// The loop runs a Task (run(), in runtime.cpp) for its first step, after a
// wake-up, and when its timer or fd fires.
struct Task final : Runnable {
    Task(Runtime& owner, const std::string& task_name) : runtime(owner), name(task_name) {}
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;

    void run() override;

    Runtime& runtime;
    // The task's name is kept once, by the runtime (Runtime::names_), and
    // only referred to here: a reference is 8 bytes where a std::string is
    // 32, and a thousand tasks spawned as "worker" share one copy.
    const std::string& name;
    std::size_t spawn_order = 0;

    // The saved "rest of the task". Empty while the task runs.
    Continuation continuation;
    // What the continuation will be told when it is called: Runtime::resume
    // makes the Wakeup from these and wake_kind below, so that a plain
    // wake-up copies no string.
    std::int64_t received = 0;          // recv: the value received
    const Task* failed_join = nullptr;  // JoinedTaskFailed: whose failure it hears

    // The one-byte fields side by side, so that they share one word.
    TaskState state = TaskState::NotSpawned;
    Wakeup::Kind wake_kind = Wakeup::Resumed;
    WaitingFor waiting_for = WaitingFor::Nothing;
    // cancel() was called. Applied when the task next goes on, or, if a
    // channel already moved its value (see below), at its next suspension.
    bool cancel_requested = false;
    // A channel operation moved this task's value before it went on: the
    // operation completes even if the task is cancelled meanwhile.
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
        TimerId timer;           // WaitingFor::Timer
        WatchId watch;           // WaitingFor::Fd
        Task* joined = nullptr;  // WaitingFor::Join
        Channel* channel;        // WaitingFor::Send, Recv
    };

    std::vector<Task*> joiners;  // in the order they began to wait
    std::string failure;         // Ending::Failed

    bool done() const { return state == TaskState::Done; }
};

}  // namespace coop::callbacks
