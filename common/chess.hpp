// The chess exhibition: the story every comparison in coop tells.
//
// A chess master plays `tables` opponents at once. At each table she moves
// in `master_move` (thinking: nothing else can happen meanwhile), then the
// opponent takes `opponent_move` to answer, while she walks on to the next
// table. A game is `move_pairs` such pairs.
//
// Played one game after another, nobody waits for anybody but the master
// waits for every answer: tables × pairs × (master + opponent). With the
// master going from table to table she is the only bottleneck, and the
// exhibition takes about one game's worth of her moves at every table. The
// functions below are that arithmetic; every version of the exhibition in
// coop must come out at exactly these numbers on the virtual clock.
#pragma once

#include <chrono>
#include <string>

#include "common/clock.hpp"
#include "common/loop.hpp"

namespace coop::chess {

using namespace std::chrono_literals;

struct Exhibition {
    int tables = 24;
    int move_pairs = 30;
    Duration master_move = 5s;
    Duration opponent_move = 55s;
};

// "table00", "table01", ...: the task names, as in the chess scenarios.
std::string table_name(int table);

// One game after another, on one thread of control.
Duration synchronous_length(const Exhibition& e);

// How long one round (a master's move at every table) lasts when one master
// walks from table to table: see asynchronous_length.
Duration round_length(const Exhibition& e);

// One master walking from table to table (every asynchronous version).
Duration asynchronous_length(const Exhibition& e);

// A master per table, all at once (one process per table): one game.
Duration parallel_length(const Exhibition& e);

// Task switches of an asynchronous run: each table's task is started once
// and resumed after each of its opponent's answers.
long long asynchronous_switches(const Exhibition& e);

// Throws std::invalid_argument naming what is wrong: at least one table and
// one move pair, positive durations, and small enough that the lengths
// above fit in a Duration.
void validate(const Exhibition& e);

// Plays the whole exhibition without any concurrency: a blocking wait for
// every answer (loop.busy: the virtual clock jumps, the real one sleeps).
// Returns how long it took on the loop's clock.
Duration play_synchronously(const Exhibition& e, Loop& loop);

}  // namespace coop::chess
