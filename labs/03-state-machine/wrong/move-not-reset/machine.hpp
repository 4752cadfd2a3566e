// The blitz player of blitz.hpp as a hand-written state machine: a struct
// that keeps, between two calls of resume(), what the generator's frame
// keeps between two co_yields.
#pragma once

#include <string>

#include "common/loop.hpp"
#include "common/trace.hpp"
#include "labs/03-state-machine/blitz.hpp"

namespace coop::lab03 {

// The frame: what the generator's coroutine frame keeps between two
// co_yields, as plain data. A copy of it is a copy of the task at that
// point, which a coroutine frame can never be (the test checks both).
struct BlitzFrame {
    // Where the task is: one state for each co_yield at which the generator
    // suspends, and the two ends. `co_yield BusyFor` does not suspend, so it
    // needs no state: the work is done on the way to the next one.
    enum class State {
        NotStarted,
        WaitingForAnswer,  // at `co_yield SleepFor{b.answer + move * b.slower}`
        Resting,           // at `co_yield SleepFor{b.rest}`
        Done,
    };
    State state = State::NotStarted;
    // The generator's two loop counters. `b` is a parameter, kept in the
    // machine from the start.
    int game = 0;
    int move = 0;
};

class BlitzMachine {
  public:
    BlitzMachine(Loop& loop, Trace& trace, std::string name, Blitz b);
    BlitzMachine(const BlitzMachine&) = delete;
    BlitzMachine& operator=(const BlitzMachine&) = delete;

    // Schedules the next step (the first one, or the one after restore()),
    // like spawning a task.
    void spawn();

    bool done() const { return frame_.state == BlitzFrame::State::Done; }
    const Blitz& blitz() const { return b_; }

    // The task as it is now, and the same task put into another machine of
    // the same player: it goes on from there once spawned.
    const BlitzFrame& frame() const { return frame_; }
    void restore(const BlitzFrame& frame) { frame_ = frame; }

  private:
    using State = BlitzFrame::State;

    void resume();
    // The suspension point: remember where, ask the loop to call back.
    void wait(State at, Duration d);

    Loop& loop_;
    Trace& trace_;
    std::string name_;
    Blitz b_;
    BlitzFrame frame_;
};

}  // namespace coop::lab03
