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
    // Where the task is.
    enum class State {
        NotStarted,
        // LAB: a state for each co_yield at which the generator suspends.
        Done,
    };

    // Runs from the saved state to the next suspension point (or the end),
    // recording start, resume and end events as the generators runtime does.
    void resume();

    Loop& loop_;
    Trace& trace_;
    std::string name_;
    Blitz b_;

    State state_ = State::NotStarted;
    // LAB: the generator's locals that must survive a suspension.
};

}  // namespace coop::lab03
