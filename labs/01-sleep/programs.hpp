// Small programs written with your sleeps (sleep.hpp), one set per
// technique, for the test to run and compare with the library.
#pragma once

#include <string_view>

#include "common/chess.hpp"
#include "common/loop.hpp"
#include "common/trace.hpp"

namespace coop::lab01 {

// A program that runs on `loop` until it is over, recording into `trace`.
using Program = void (*)(Loop& loop, Trace& trace);

struct Programs {
    std::string_view technique;
    // The chess exhibition, one task per table, each a loop of
    // "the master moves (busy), the opponent answers (your sleep)".
    void (*exhibition)(const chess::Exhibition& e, Loop& loop, Trace& trace);
    // Tasks "a" and "b", each calling your sleep(0) twice.
    Program take_turns;
    // "sleeper" sleeps 5 s once, recording the trace's wait and wake events.
    // Null for the generators: the mini driver is the lab's own, no
    // ready-made sleep can drive its tasks, and each resume in its trace is
    // written by MiniDriver::resume, which only your sleep calls.
    Program sleeps_once;
    // "sleeper" holds a resource and sleeps 100 s; a timer at 10 s cancels
    // it. Null for the generators, whose mini driver cannot cancel.
    void (*cancelled_sleep)(Loop& loop, Trace& trace, int* released);
};

Programs callbacks_programs();
Programs generators_programs();
Programs coroutines_programs();
Programs fibers_programs();

}  // namespace coop::lab01
