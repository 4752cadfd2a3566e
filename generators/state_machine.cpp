#include "generators/state_machine.hpp"

namespace coop::generators {

ChessTableMachine::ChessTableMachine(Loop& loop, Trace& trace, std::string name, int moves,
                                     Duration master_move, Duration opponent_move)
    : loop_(loop),
      trace_(trace),
      name_(std::move(name)),
      moves_(moves),
      master_move_(master_move),
      opponent_move_(opponent_move) {}

void ChessTableMachine::spawn() {
    loop_.call_soon([this] { resume(); });
}

// The generator version of this task is
//
//     for (int i = 0; i < moves; ++i) {
//         co_yield BusyFor{master_move};
//         co_yield SleepFor{opponent_move};
//     }
//
// and the loop counter `i` and "which co_yield" are what the compiler saves.
// Here they are moves_played_ and state_.
void ChessTableMachine::resume() {
    for (;;) {
        switch (state_) {
            case State::NotStarted:
                trace_.task_event(loop_.now(), name_, EventKind::Start);
                state_ = State::MasterToMove;
                break;
            case State::WaitingForOpponent:
                // Resumed: we were suspended right after the sleep started.
                trace_.task_event(loop_.now(), name_, EventKind::Resume);
                ++moves_played_;
                state_ = State::MasterToMove;
                break;
            case State::MasterToMove:
                if (moves_played_ == moves_) {
                    trace_.task_event(loop_.now(), name_, EventKind::End);
                    state_ = State::Done;
                    return;
                }
                loop_.busy(master_move_);
                // The suspension point: note where to go on, ask the loop to
                // call back, and return. Nothing of this call survives but
                // the two fields.
                state_ = State::WaitingForOpponent;
                loop_.call_later(opponent_move_, [this] { resume(); });
                return;
            case State::Done:
                return;
        }
    }
}

}  // namespace coop::generators
