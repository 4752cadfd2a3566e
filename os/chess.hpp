// The chess exhibition the operating system's way, for comparison with the
// five cooperative versions: no event loop, no task written to suspend.
//
//   threads     one OS thread per table; the master is a shared resource (a
//               mutex) that a table holds while she moves. Every wait is a
//               blocking call, and the OS switches threads behind the
//               program's back (preemptively).
//   processes   one process per table, each with its own clone of the
//               master: true parallelism, so the exhibition lasts one game.
//
// Both need real time: durations are taken as real durations (scale them
// first), and blocking sleeps stand for thinking and waiting.
#pragma once

#include <chrono>
#include <cstddef>

#include "common/chess.hpp"

namespace coop::os {

struct OsRun {
    std::chrono::nanoseconds real{};  // from the first start to the last end
    long long context_switches = 0;   // voluntary + involuntary, all tables
    std::size_t memory_bytes = 0;     // see each function
};

// What a new thread reserves for its stack (8 MiB on Debian).
std::size_t default_thread_stack_size();

// memory_bytes: the stack address space reserved for the threads.
OsRun play_with_threads(const chess::Exhibition& e);

// memory_bytes: the sum of the children's peak resident set sizes. Throws
// std::runtime_error if a process cannot be created or fails.
OsRun play_with_processes(const chess::Exhibition& e);

}  // namespace coop::os
