// `coop chess --clock real`: the cooperative versions played again on the
// real clock, and what real-clock runs can be asked to agree on.
//
// On the real clock a run is not repeatable: every sleep ends a little late,
// by a different amount each time, so two runs (even of one technique) may
// interleave their tables differently. Event-by-event agreement is the
// virtual clock's promise, and `coop chess` checks it there. A real-clock run
// must still keep each table's own story (its events, in their order) and
// make exactly as many task switches as the virtual-clock run.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "cli/techniques.hpp"

namespace coop::cli {

struct RealClockRun {
    Time took{};                      // the loop's clock at the end
    std::chrono::nanoseconds real{};  // how long the run took, measured around it
    std::vector<nlohmann::json> trace;
    std::string error;  // why there is no run, if there is none
};

// Plays every version at the same time, each on its own real-clock loop in a
// child process of its own, so that five versions take as long as one (the
// loops sleep while they wait) and share nothing (no heap, no global table).
// `meanwhile` runs in this process while they play.
std::vector<RealClockRun> play_on_real_clock(const std::vector<TechniqueEntry>& versions,
                                             const chess::Exhibition& e,
                                             const std::function<void()>& meanwhile);

// Empty when `real` keeps every task's events in the order `reference` (a
// virtual-clock run of the same exhibition) has them, with as many task
// switches; otherwise what differs. Times, and how the tasks interleave, are
// not compared.
std::string real_clock_difference(const Trace& reference, const std::vector<nlohmann::json>& real);

}  // namespace coop::cli
