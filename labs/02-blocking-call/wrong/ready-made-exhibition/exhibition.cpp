// WRONG (a ready-made call): the library's own exhibition
// (coroutines/chess.cpp) plays instead of the lab's tables, so the schedule
// is right while the blocking call in players.cpp is still there.
#include "labs/02-blocking-call/exhibition.hpp"

#include "coroutines/chess.hpp"

namespace coop::lab02 {

void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace) {
    coroutines::play_exhibition(e, loop, trace);
}

}  // namespace coop::lab02
