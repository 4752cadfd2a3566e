// WRONG (too much suspended): the master's move suspends too.
#pragma once

#include "common/chess.hpp"
#include "coroutines/task.hpp"

namespace coop::lab02 {

coroutines::Task<void> master_moves(const chess::Exhibition& e);
coroutines::Task<void> opponent_answers(const chess::Exhibition& e);

}  // namespace coop::lab02
