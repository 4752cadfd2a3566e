// What the people at the exhibition do at a table.
#pragma once

#include "common/chess.hpp"
#include "coroutines/task.hpp"

namespace coop::lab02 {

// The master looks at the board and plays her move. This is work: it does
// not suspend, and nothing else happens meanwhile.
void master_moves(const chess::Exhibition& e);

// The opponent thinks about the position and plays the answer. The master
// does not wait for it: the table's task suspends, so this is a coroutine.
coroutines::Task<void> opponent_answers(const chess::Exhibition& e);

}  // namespace coop::lab02
