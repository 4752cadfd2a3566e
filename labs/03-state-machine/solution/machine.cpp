#include "machine.hpp"

#include <utility>

namespace coop::lab03 {

BlitzMachine::BlitzMachine(Loop& loop, Trace& trace, std::string name, Blitz b)
    : loop_(loop), trace_(trace), name_(std::move(name)), b_(b) {}

void BlitzMachine::spawn() {
    loop_.call_soon([this] { resume(); });
}

// The generator, for reference:
//
//   for (int game = 0; game < b.games; ++game) {
//       for (int move = 0; move < b.moves; ++move) {
//           co_yield BusyFor{b.think};
//           co_yield SleepFor{b.answer + move * b.slower};   // WaitingForAnswer
//       }
//       co_yield SleepFor{b.rest};                           // Resting
//   }
void BlitzMachine::resume() {
    // First jump to where the generator stopped, and do what follows its
    // co_yield up to the loop test: the `++move` or the `++game`.
    switch (frame_.state) {
        case State::NotStarted:
            trace_.task_event(loop_.now(), name_, EventKind::Start);
            frame_.game = 0;
            frame_.move = 0;
            break;
        case State::WaitingForAnswer:
            trace_.task_event(loop_.now(), name_, EventKind::Resume);
            ++frame_.move;
            break;
        case State::Resting:
            trace_.task_event(loop_.now(), name_, EventKind::Resume);
            ++frame_.game;
            frame_.move = 0;
            break;
        case State::Done:
            return;
    }
    // Then run the two loops until the next suspension point.
    if (frame_.game < b_.games) {
        if (frame_.move < b_.moves) {
            loop_.busy(b_.think);
            wait(State::WaitingForAnswer, b_.answer + frame_.move * b_.slower);
        } else {
            wait(State::Resting, b_.rest);
        }
        return;  // ← suspended: nothing of this call survives but the fields
    }
    trace_.task_event(loop_.now(), name_, EventKind::End);
    frame_.state = State::Done;
}

void BlitzMachine::wait(State at, Duration d) {
    frame_.state = at;
    if (d <= Duration::zero()) {
        loop_.call_soon([this] { resume(); });  // SleepFor{0} is a yield
    } else {
        loop_.call_later(d, [this] { resume(); });  // goes on inside the timer's callback
    }
}

}  // namespace coop::lab03
