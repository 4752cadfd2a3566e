// The chess exhibition (common/chess.hpp) written by hand as fibers tasks:
// one task per table. Compare chess.cpp with the same file in the other
// technique folders: the schedule is the same, the way of writing the
// suspension is the lesson.
#pragma once

#include "common/chess.hpp"
#include "common/loop.hpp"
#include "common/trace.hpp"
#include "fibers/task.hpp"

namespace coop::fibers {

// Spawns one task per table on `loop`, runs the loop until every game is
// over, and records what happened into `trace`.
void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace);

// The same, with the tasks on Boost.Context fibers (Backend::Fiber, as
// above) or on Boost.Coroutine2 coroutines (Backend::Coroutine2).
void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace, Backend backend);

}  // namespace coop::fibers
