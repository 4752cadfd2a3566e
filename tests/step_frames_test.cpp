// The frames of `coop step` (common/step_frames.hpp): what the loop and the
// task table held at each step, the same in every technique.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/techniques.hpp"
#include "common/step_frames.hpp"
#include "tests/support.hpp"

namespace coop::test {

namespace {

struct SteppedRun {
    std::vector<StepFrame> frames;
    bool cut_short = false;
    Outcome outcome = Outcome::AllEnded;
    Trace trace;
};

SteppedRun step_through(const TechniqueEntry& technique, const Scenario& scenario,
                        std::size_t max_frames) {
    SteppedRun result;
    Loop loop;
    {
        StepRecorder recorder(loop, scenario, result.trace, max_frames);
        result.outcome = technique.run(scenario, loop, result.trace);
        result.frames = recorder.frames();
        result.cut_short = recorder.cut_short();
    }
    CHECK(loop.observer() == nullptr);  // the recorder let go of the loop
    return result;
}

}  // namespace

TEST_CASE("step frames: every technique's are the same, for every public scenario") {
    for (const auto& file : public_scenarios()) {
        CAPTURE(file.filename().string());
        const Scenario scenario = load_scenario_file(file.string());
        const auto techniques = all_techniques();
        const SteppedRun first = step_through(techniques[0], scenario, 10'000);
        REQUIRE(!first.frames.empty());
        CHECK(!first.cut_short);
        CHECK(first.frames.back().step == LoopStep::OutOfWork);
        for (std::size_t t = 1; t < techniques.size(); ++t) {
            CAPTURE(techniques[t].name);
            const SteppedRun other = step_through(techniques[t], scenario, 10'000);
            REQUIRE(other.frames.size() == first.frames.size());
            for (std::size_t i = 0; i < first.frames.size(); ++i) {
                CAPTURE(i);
                CHECK(other.frames[i] == first.frames[i]);
            }
        }
    }
}

TEST_CASE("step frames: the timers in (deadline, seq) order, as the trace resumes them") {
    const auto file = std::string(COOP_SCENARIO_DIR) + "/timer-ties.json";
    const SteppedRun run = step_through(all_techniques()[0], load_scenario_file(file), 10'000);
    // The timers-due step that woke the most tasks: a tie, the point of the scenario.
    std::size_t due = 0;
    std::size_t woken = 0;
    for (std::size_t i = 0; i < run.frames.size(); ++i) {
        if (run.frames[i].step == LoopStep::TimersDue && run.frames[i].ready_now.size() > woken) {
            due = i;
            woken = run.frames[i].ready_now.size();
        }
    }
    REQUIRE(due > 0);
    const StepFrame& at = run.frames[due];
    std::vector<std::string> resumed;  // at that time, in the trace's order
    for (const Event& e : run.trace.events()) {
        if (e.kind == EventKind::Resume && e.t_ms == at.t_ms) {
            resumed.push_back(e.task);
        }
    }
    REQUIRE(resumed.size() >= 2);
    // Just before, the timers were in (deadline, seq) order, and the ones due
    // then are the tasks the trace resumes, in its order.
    const StepFrame& before = run.frames[due - 1];
    std::vector<std::string> due_then;
    for (std::size_t i = 0; i < before.timers.size(); ++i) {
        if (before.timers[i].due_ms <= at.t_ms) {
            due_then.push_back(before.timers[i].task);
        }
        if (i > 0) {
            const StepFrame::Timer& a = before.timers[i - 1];
            const StepFrame::Timer& b = before.timers[i];
            CHECK((a.due_ms < b.due_ms || (a.due_ms == b.due_ms && a.seq < b.seq)));
        }
    }
    CHECK(due_then == resumed);
    // Moved to the ready queue in that order, to run in this iteration.
    CHECK(at.ready_now == resumed);
    CHECK(at.ready_next.empty());
}

TEST_CASE("step frames: the recorder keeps at most its cap, and stops the run there") {
    const auto file = std::string(COOP_SCENARIO_DIR) + "/producer-consumer.json";
    const Scenario scenario = load_scenario_file(file);
    for (const TechniqueEntry& technique : all_techniques()) {
        CAPTURE(technique.name);
        const SteppedRun run = step_through(technique, scenario, 5);
        CHECK(run.frames.size() == 5);
        CHECK(run.cut_short);
        CHECK(run.outcome == Outcome::Stopped);
    }
}

}  // namespace coop::test
