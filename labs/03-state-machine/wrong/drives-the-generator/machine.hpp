// WRONG (a ready-made call): the machine keeps the generator of blitz.hpp
// and drives it by hand. Its trace is the generator's, but it is no state
// machine: its frame is the coroutine's, and a copy of its BlitzFrame is
// not a copy of the task.
#pragma once

#include <string>

#include "common/loop.hpp"
#include "common/trace.hpp"
#include "generators/generator.hpp"
#include "labs/03-state-machine/blitz.hpp"

namespace coop::lab03 {

struct BlitzFrame {
    enum class State { NotStarted, Waiting, Done };
    State state = State::NotStarted;
};

class BlitzMachine {
  public:
    BlitzMachine(Loop& loop, Trace& trace, std::string name, Blitz b);
    BlitzMachine(const BlitzMachine&) = delete;
    BlitzMachine& operator=(const BlitzMachine&) = delete;

    void spawn();

    bool done() const { return frame_.state == BlitzFrame::State::Done; }
    const Blitz& blitz() const { return b_; }

    const BlitzFrame& frame() const { return frame_; }
    void restore(const BlitzFrame& frame) { frame_ = frame; }

  private:
    using State = BlitzFrame::State;

    void resume();

    Loop& loop_;
    Trace& trace_;
    std::string name_;
    Blitz b_;
    BlitzFrame frame_;
    generators::AnyTaskGenerator generator_;  // the real frame
};

}  // namespace coop::lab03
