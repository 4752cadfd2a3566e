// Lab 05: an echo server on the coroutines technique. It sends every byte a
// client sends back to that client, until the client closes its end.
#pragma once

#include "coroutines/task.hpp"

namespace coop::lab05 {

// Accepts connections on `listener` (a non-blocking listening socket that
// the caller owns) and serves them, until the task running it is cancelled.
// Call it from a task of a coroutines::Runtime.
coroutines::Task<void> serve(int listener);

}  // namespace coop::lab05
