#include "machine.hpp"

#include <utility>

namespace coop::lab03 {

BlitzMachine::BlitzMachine(Loop& loop, Trace& trace, std::string name, Blitz b)
    : loop_(loop), trace_(trace), name_(std::move(name)), b_(b) {}

void BlitzMachine::spawn() {
    loop_.call_soon([this] { resume(); });
}

void BlitzMachine::resume() {
    switch (frame_.state) {
        case State::NotStarted:
            trace_.task_event(loop_.now(), name_, EventKind::Start);
            // LAB: play the games, as the generator in blitz.hpp does. Where
            // it suspends, save where it is, ask the loop to call resume()
            // (call_later, or call_soon for a sleep of 0) and return; when
            // resume() is called again, record a resume event and go on from
            // the saved state. Everything that must survive goes in frame_:
            // keeping the generator of blitz.hpp (or any coroutine) and
            // driving it by hand is not a state machine, and the test says so.
            //
            // As it is, the player ends without playing.
            trace_.task_event(loop_.now(), name_, EventKind::End);
            frame_.state = State::Done;
            return;
        case State::Done:
            return;
    }
}

}  // namespace coop::lab03
