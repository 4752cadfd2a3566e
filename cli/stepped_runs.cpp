#include "cli/stepped_runs.hpp"

#include <functional>
#include <sstream>

#include "cli/runs.hpp"
#include "common/text.hpp"

namespace coop::cli {

namespace {

std::vector<std::string> lines_of(const Trace& trace) {
    std::vector<std::string> lines;
    std::istringstream in(trace.to_jsonl());
    for (std::string line; std::getline(in, line);) {
        lines.push_back(excerpt(line, 200));
    }
    return lines;
}

// Runs `play` on a fresh loop with a recorder watching it. `scenario` names
// the operations the frames show where tasks are (none for the exhibition).
SteppedRun record(std::string_view technique, const Scenario& scenario, ClockKind clock,
                  std::size_t max_frames, const std::function<Outcome(Loop&, Trace&)>& play) {
    Loop loop(clock);
    Trace trace;
    StepRecorder recorder(loop, scenario, trace, max_frames);
    SteppedRun run;
    run.technique = technique;
    const Outcome outcome = play(loop, trace);
    run.frames = recorder.frames();
    run.cut_short = recorder.cut_short();
    // A run the recorder stopped at its limit did not come to its end.
    run.outcome = run.cut_short ? Outcome::Stopped : outcome;
    run.trace_lines = lines_of(trace);
    return run;
}

}  // namespace

SteppedRun run_stepped(const TechniqueEntry& technique, const Scenario& scenario, ClockKind clock,
                       std::size_t max_frames) {
    return record(technique.name, scenario, clock, max_frames,
                  [&](Loop& loop, Trace& trace) { return technique.run(scenario, loop, trace); });
}

SteppedRun play_stepped(const TechniqueEntry& technique, const chess::Exhibition& exhibition,
                        std::size_t max_frames) {
    static const Scenario no_scenario;
    return record(technique.name, no_scenario, ClockKind::Virtual, max_frames,
                  [&](Loop& loop, Trace& trace) {
                      technique.play_exhibition(exhibition, loop, trace);
                      return Outcome::AllEnded;  // every table plays to its end
                  });
}

std::string ending(const SteppedRun& run) {
    if (run.cut_short) {
        return "=== stopped after " + with_thousands(static_cast<std::int64_t>(run.frames.size())) +
               " steps: only that many frames are kept ===";
    }
    return "=== the run is over: " + std::string(outcome_name(run.outcome)) + ", " +
           std::to_string(run.trace_lines.size()) + " trace events ===";
}

}  // namespace coop::cli
