// A run with a StepRecorder watching its loop (common/step_frames.hpp): the
// frames `coop step` shows one at a time and the page of `--html` draws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cli/techniques.hpp"
#include "common/step_frames.hpp"

namespace coop::cli {

// The frames coop step keeps at most: a run of more steps is stopped after
// this many (and says so), so that stepping through a scenario of millions of
// operations cannot fill the memory.
inline constexpr std::size_t kMaxFrames = 10'000;

struct SteppedRun {
    std::string_view technique;
    Outcome outcome = Outcome::AllEnded;
    std::vector<StepFrame> frames;
    bool cut_short = false;                // stopped after the last frame kept
    std::vector<std::string> trace_lines;  // the trace, a JSON line per event (cut at 200 chars)
};

// Runs the scenario with `technique`, keeping at most `max_frames` frames.
SteppedRun run_stepped(const TechniqueEntry& technique, const Scenario& scenario, ClockKind clock,
                       std::size_t max_frames);

// Plays the chess exhibition with `technique` on the virtual clock, keeping at
// most `max_frames` frames. The hand-written exhibitions follow no scenario:
// their tasks run, sleep and are ready like a scenario's, but show no
// operation they are at.
SteppedRun play_stepped(const TechniqueEntry& technique, const chess::Exhibition& exhibition,
                        std::size_t max_frames);

// What the run came to, after its last frame: "=== the run is over: all
// ended, 14 trace events ===", or that it was stopped at the frame limit.
std::string ending(const SteppedRun& run);

}  // namespace coop::cli
