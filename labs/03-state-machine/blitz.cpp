#include "labs/03-state-machine/blitz.hpp"

namespace coop::lab03 {

generators::TaskGenerator blitz_player(Blitz b) {
    for (int game = 0; game < b.games; ++game) {
        for (int move = 0; move < b.moves; ++move) {
            co_yield generators::BusyFor{b.think};  // does not suspend: the driver goes on at once
            co_yield generators::SleepFor{b.answer + move * b.slower};  // suspends
        }
        co_yield generators::SleepFor{b.rest};  // suspends (0: a yield)
    }
}

}  // namespace coop::lab03
