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
    // Where the task is.
    enum class State {
        NotStarted,
        // LAB: a state for each co_yield at which the generator suspends.
        Done,
    };
    State state = State::NotStarted;
    // LAB: the generator's locals that must survive a suspension.
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

    // Runs from the saved state to the next suspension point (or the end),
    // recording start, resume and end events as the generators runtime does.
    void resume();

    Loop& loop_;
    Trace& trace_;
    std::string name_;
    Blitz b_;
    BlitzFrame frame_;  // everything of the task that survives a suspension
};

}  // namespace coop::lab03
