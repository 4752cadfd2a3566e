// Where a task is in its life, what it waits for, and how it ended: the same
// three words in every technique.
//
// Each is one byte (std::uint8_t): they sit side by side in a task record
// (common/task_core.hpp) and share one machine word, and a million suspended
// tasks hold a million records.
#pragma once

#include <cstdint>

namespace coop {

enum class TaskState : std::uint8_t {
    NotSpawned,  // exists (can be joined or cancelled) but was never spawned
    Scheduled,   // spawned; its first step waits in the ready queue
    Running,     // its code is running right now
    Waiting,     // suspended: on a timer, a join, a channel or an fd
    Ready,       // woken; it waits in the ready queue to go on
    Done,
};

enum class Ending : std::uint8_t { None, Ended, Failed, Cancelled };

// What a suspended task waits for, so that cancelling it knows what to undo,
// and a `wait` event of the trace names it: "sleep", "yield", "join", "send",
// "recv", "fd". (A task woken and queued to go on waits for `Ready` too.)
enum class WaitingFor : std::uint8_t { Nothing, Timer, Ready, Join, Send, Recv, Fd };

}  // namespace coop
