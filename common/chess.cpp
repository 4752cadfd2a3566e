#include "common/chess.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace coop::chess {

std::string table_name(int table) {
    char name[32];
    std::snprintf(name, sizeof name, "table%02d", table);
    return name;
}

Duration synchronous_length(const Exhibition& e) {
    return e.tables * e.move_pairs * (e.master_move + e.opponent_move);
}

// Round by round: in each round the master makes one move at every table.
// A round lasts as long as the longer of
//   - her moves at all tables (tables × master_move): she is the bottleneck;
//   - one table's cycle (master_move + opponent_move): the first table's
//     opponent is still thinking when she comes back.
// The last round ends with the last table's answer: her moves at all tables,
// then one opponent's move.
Duration round_length(const Exhibition& e) {
    return std::max(e.tables * e.master_move, e.master_move + e.opponent_move);
}

Duration asynchronous_length(const Exhibition& e) {
    return (e.move_pairs - 1) * round_length(e) + e.tables * e.master_move + e.opponent_move;
}

Duration parallel_length(const Exhibition& e) {
    return e.move_pairs * (e.master_move + e.opponent_move);
}

long long asynchronous_switches(const Exhibition& e) {
    return static_cast<long long>(e.tables) * (e.move_pairs + 1);
}

void validate(const Exhibition& e) {
    if (e.tables < 1 || e.tables > 10'000) {
        throw std::invalid_argument("the number of tables must be between 1 and 10000");
    }
    if (e.move_pairs < 1 || e.move_pairs > 10'000) {
        throw std::invalid_argument("the number of move pairs must be between 1 and 10000");
    }
    constexpr Duration a_day = std::chrono::hours(24);
    if (e.master_move <= Duration::zero() || e.master_move > a_day) {
        throw std::invalid_argument("the master's move must take more than 0 s and at most a day");
    }
    if (e.opponent_move <= Duration::zero() || e.opponent_move > a_day) {
        throw std::invalid_argument(
            "the opponent's move must take more than 0 s and at most a day");
    }
    // 10,000 × 10,000 × 2 days is about 1.7e19 ns: too much for a Duration.
    const double seconds = static_cast<double>(e.tables) * e.move_pairs *
                           std::chrono::duration<double>(e.master_move + e.opponent_move).count();
    if (seconds > 1e9) {
        throw std::invalid_argument(
            "the exhibition would last more than 1e9 s (about 31 years) played one game after "
            "another: use fewer tables, moves or shorter moves");
    }
}

Duration play_synchronously(const Exhibition& e, Loop& loop) {
    const Time start = loop.now();
    for (int table = 0; table < e.tables; ++table) {
        for (int move = 0; move < e.move_pairs; ++move) {
            loop.busy(e.master_move);
            loop.busy(e.opponent_move);  // she waits at the table for the answer
        }
    }
    return loop.now() - start;
}

}  // namespace coop::chess
