// WRONG: see exhibition.cpp. The starter's file, unchanged.
// What the people at the exhibition do at a table.
#pragma once

#include "common/chess.hpp"

namespace coop::lab02 {

// The master looks at the board and plays her move.
void master_moves(const chess::Exhibition& e);

// The opponent thinks about the position and plays the answer.
void opponent_answers(const chess::Exhibition& e);

}  // namespace coop::lab02
