// The blitz player of blitz.hpp as a hand-written state machine: a struct
// that keeps, between two calls of resume(), what the generator's frame
// keeps between two co_yields.
#pragma once

#include <string>

#include "common/loop.hpp"
#include "common/trace.hpp"
#include "labs/03-state-machine/blitz.hpp"

namespace coop::lab03 {

class BlitzMachine {
  public:
    BlitzMachine(Loop& loop, Trace& trace, std::string name, Blitz b);
    BlitzMachine(const BlitzMachine&) = delete;
    BlitzMachine& operator=(const BlitzMachine&) = delete;

    // Schedules the first step, like spawning a task.
    void spawn();

    bool done() const { return state_ == State::Done; }
    const Blitz& blitz() const { return b_; }

  private:
    // Where the task is: one state for each co_yield at which the generator
    // suspends, and the two ends. `co_yield BusyFor` does not suspend, so
    // it needs no state: the work is done on the way to the next one.
    enum class State {
        NotStarted,
        WaitingForAnswer,  // at `co_yield SleepFor{b.answer + move * b.slower}`
        Resting,           // at `co_yield SleepFor{b.rest}`
        Done,
    };

    void resume();
    // The suspension point: remember where, ask the loop to call back.
    void wait(State at, Duration d);

    Loop& loop_;
    Trace& trace_;
    std::string name_;
    Blitz b_;

    // The frame: the state and the generator's two loop counters. `b` is a
    // parameter, kept in b_ from the start.
    State state_ = State::NotStarted;
    int game_ = 0;
    int move_ = 0;
};

}  // namespace coop::lab03
