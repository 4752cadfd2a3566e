// Lab 02: the chess exhibition of common/chess.hpp, written as coroutine
// tasks in starter/ (and, fixed, in solution/).
#pragma once

#include "common/chess.hpp"
#include "common/loop.hpp"
#include "common/trace.hpp"

namespace coop::lab02 {

// One task per table ("table00", ...), on `loop`, until every game is over.
void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace);

}  // namespace coop::lab02
