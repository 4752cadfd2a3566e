// WRONG (a ready-made call): drives the generator of blitz.hpp by hand, as
// the generators runtime would, instead of desugaring it.
#include "machine.hpp"

#include <utility>
#include <variant>

namespace coop::lab03 {

BlitzMachine::BlitzMachine(Loop& loop, Trace& trace, std::string name, Blitz b)
    : loop_(loop), trace_(trace), name_(std::move(name)), b_(b), generator_(blitz_player(b)) {}

void BlitzMachine::spawn() {
    loop_.call_soon([this] { resume(); });
}

void BlitzMachine::resume() {
    if (frame_.state == State::Done) {
        return;
    }
    trace_.task_event(loop_.now(), name_,
                      frame_.state == State::NotStarted ? EventKind::Start : EventKind::Resume);
    if (frame_.state == State::NotStarted) {
        generator_.start();
    } else {
        generator_.send(generators::Reply{});
    }
    while (!generator_.done()) {
        const generators::Request& request = generator_.yielded();
        if (const auto* busy = std::get_if<generators::BusyFor>(&request.what)) {
            loop_.busy(busy->duration);
            generator_.send(generators::Reply{});
            continue;
        }
        const Duration d = std::get<generators::SleepFor>(request.what).duration;
        frame_.state = State::Waiting;
        if (d <= Duration::zero()) {
            loop_.call_soon([this] { resume(); });
        } else {
            loop_.call_later(d, [this] { resume(); });
        }
        return;
    }
    trace_.task_event(loop_.now(), name_, EventKind::End);
    frame_.state = State::Done;
}

}  // namespace coop::lab03
