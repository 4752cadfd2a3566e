// What "stackless" means, done by hand: the chess-table task of the
// exhibition (the master moves, then waits for the opponent; 30 times) as an
// explicit resumable state machine, the way it was written before C++20
// coroutines (protothreads, Asio's stackless coroutine macros).
//
// A C++20 generator compiles to much the same thing: the compiler turns the
// function into a struct (the frame) holding the locals that live across a
// co_yield and a number saying which co_yield to resume at, and turns the
// body into a switch on that number. Here both are written out.
#pragma once

#include <string>

#include "common/loop.hpp"
#include "common/trace.hpp"

namespace coop::generators {

class ChessTableMachine {
  public:
    ChessTableMachine(Loop& loop, Trace& trace, std::string name, int moves, Duration master_move,
                      Duration opponent_move);

    // Schedules the first step, like spawning a task.
    void spawn();

    bool done() const { return state_ == State::Done; }

  private:
    // Where the task is. Together with moves_played_ this is the whole
    // "frame": everything that must survive a suspension.
    enum class State {
        NotStarted,
        MasterToMove,
        WaitingForOpponent,  // suspended: a timer will call resume()
        Done,
    };

    // Runs from the saved state to the next suspension point (or the end).
    void resume();

    Loop& loop_;
    Trace& trace_;
    std::string name_;
    int moves_;
    Duration master_move_;
    Duration opponent_move_;

    State state_ = State::NotStarted;
    int moves_played_ = 0;
};

}  // namespace coop::generators
