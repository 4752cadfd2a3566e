// The chess exhibition (common/chess.hpp) written by hand as callbacks tasks:
// one task per table. Compare chess.cpp with the same file in the other
// technique folders: the schedule is the same, the way of writing the
// suspension is the lesson.
#pragma once

#include "common/chess.hpp"
#include "common/loop.hpp"
#include "common/trace.hpp"

namespace coop::callbacks {

// Spawns one task per table on `loop`, runs the loop until every game is
// over, and records what happened into `trace`.
void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace);

}  // namespace coop::callbacks
