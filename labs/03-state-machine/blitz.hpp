// Lab 03: a player at a blitz tournament, written as a generator task
// (blitz.cpp). Your job is the same task as a hand-written state machine
// (machine.hpp and machine.cpp).
#pragma once

#include "common/clock.hpp"
#include "generators/requests.hpp"

namespace coop::lab03 {

struct Blitz {
    int games = 3;
    int moves = 4;      // in each game
    Duration think{};   // her move: work, nothing else runs
    Duration answer{};  // the opponent's first answer ...
    Duration slower{};  // ... and each later answer takes this much longer
    Duration rest{};    // a rest after each game (0: just let the others go first)
};

// The generator to desugar:
//
//   for (int game = 0; game < b.games; ++game) {
//       for (int move = 0; move < b.moves; ++move) {
//           co_yield BusyFor{b.think};
//           co_yield SleepFor{b.answer + move * b.slower};
//       }
//       co_yield SleepFor{b.rest};
//   }
generators::TaskGenerator blitz_player(Blitz b);

}  // namespace coop::lab03
