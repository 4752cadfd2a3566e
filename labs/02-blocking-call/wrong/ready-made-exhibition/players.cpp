// WRONG: see exhibition.cpp. The starter's file, unchanged.
// LAB: the exhibition should take about an hour (3,655 s) and it takes 12
// (43,200 s). One call in this program blocks the loop where it should
// suspend: find it and make it suspend. Beware: a function that suspends is
// a coroutine, and whoever calls it must co_await it.
#include "players.hpp"

#include "coroutines/suspend.hpp"

namespace coop::lab02 {

namespace {

// Waits until `d` has passed.
void wait_for(Duration d) {
    coroutines::busy(d);
}

}  // namespace

void master_moves(const chess::Exhibition& e) {
    // She thinks. Nobody else can have her attention meanwhile.
    coroutines::busy(e.master_move);
}

void opponent_answers(const chess::Exhibition& e) {
    wait_for(e.opponent_move);
}

}  // namespace coop::lab02
