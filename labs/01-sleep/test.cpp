// Lab 01's test: each of your sleeps must schedule exactly as the library's,
// and must be yours: the sleep the sheet asks for wakes its task from a
// timer callback of its own, which the trace's `wake` event shows; the
// library's ready-made sleep has the loop run the task itself, with no such
// event, so calling it instead of writing the suspension fails here.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "callbacks/chess.hpp"
#include "coroutines/chess.hpp"
#include "fibers/chess.hpp"
#include "generators/chess.hpp"
#include "labs/01-sleep/programs.hpp"
#include "tests/support.hpp"

namespace coop::lab01 {

using namespace std::chrono_literals;
using test::as_json;
using test::first_difference;

namespace {

struct Technique {
    Programs yours;
    // The same exhibition, written in the technique's folder with the
    // library's own sleep.
    void (*library_exhibition)(const chess::Exhibition& e, Loop& loop, Trace& trace);
};

std::vector<Technique> techniques() {
    return {
        {callbacks_programs(), &callbacks::play_exhibition},
        {generators_programs(), &generators::play_exhibition},
        {coroutines_programs(), &coroutines::play_exhibition},
        {fibers_programs(), &fibers::play_exhibition},
    };
}

struct Run {
    std::vector<nlohmann::json> trace;
    Time end{};  // the loop's clock when the program was over
};

Run run(void (*exhibition)(const chess::Exhibition&, Loop&, Trace&), const chess::Exhibition& e) {
    Loop loop;
    Trace trace;
    exhibition(e, loop, trace);
    return {as_json(trace), loop.now()};
}

}  // namespace

TEST_CASE("the exhibition played with your sleep has the library's schedule, in every technique") {
    const chess::Exhibition setups[] = {
        {},                // the seed: 24 tables, 3,655 s; the master is the bottleneck
        {2, 30, 5s, 55s},  // two tables: the loop has nothing to do while both wait
        {7, 3, 2s, 9s},
    };
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.yours.technique);
        for (const chess::Exhibition& e : setups) {
            CAPTURE(e.tables);
            const Run library = run(technique.library_exhibition, e);
            const Run yours = run(technique.yours.exhibition, e);
            const std::string diff = first_difference(library.trace, yours.trace);
            CHECK_MESSAGE(diff.empty(), technique.yours.technique,
                          ": the exhibition's trace differs from the library's: ", diff);
            const Duration length = chess::asynchronous_length(e);
            const std::string why =
                yours.end > length ? "longer: something holds the loop while an opponent thinks"
                                   : "shorter: nobody waits for the opponents' answers";
            CHECK_MESSAGE(yours.end == length, technique.yours.technique,
                          ": the exhibition with your sleep took ", yours.end,
                          "; chess::asynchronous_length says ", length, " (", why, ")");
        }
    }
}

TEST_CASE("sleep(0) is one trip round the ready queue, in every technique") {
    // Each task gives the other a turn; nobody runs twice in one iteration.
    const auto expected = test::events(R"(
        {"t":0,"task":"a","event":"start"}
        {"t":0,"task":"b","event":"start"}
        {"t":0,"task":"a","event":"resume"}
        {"t":0,"task":"b","event":"resume"}
        {"t":0,"task":"a","event":"resume"}
        {"t":0,"task":"a","event":"end"}
        {"t":0,"task":"b","event":"resume"}
        {"t":0,"task":"b","event":"end"}
    )");
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.yours.technique);
        Loop loop;
        Trace trace;
        technique.yours.take_turns(loop, trace);
        const std::string diff = first_difference(expected, as_json(trace));
        CHECK_MESSAGE(diff.empty(), technique.yours.technique,
                      ": two tasks that each sleep(0) twice must take turns, one trip round the "
                      "ready queue each time: ",
                      diff);
    }
}

TEST_CASE("your sleep is the one that runs: a timer callback of yours wakes the task") {
    // With the trace's wait and wake events. The task waits for its timer;
    // the timer's callback, yours, wakes it (wake_soon: the `wake` event)
    // and it goes on in its turn in the ready queue, as in asyncio.
    const auto expected = test::events(R"(
        {"t":0,"task":"sleeper","event":"start"}
        {"t":0,"task":"sleeper","event":"wait","for":"sleep","until":5000}
        {"t":5000,"task":"sleeper","event":"wake"}
        {"t":5000,"task":"sleeper","event":"resume"}
        {"t":5000,"task":"sleeper","event":"end"}
    )");
    for (const Technique& technique : techniques()) {
        if (technique.yours.sleeps_once == nullptr) {
            continue;  // the generators' mini driver is the lab's own (programs.hpp)
        }
        CAPTURE(technique.yours.technique);
        Loop loop;
        Trace trace;
        trace.record_waits(true);
        technique.yours.sleeps_once(loop, trace);
        const std::vector<nlohmann::json> yours = as_json(trace);
        const std::string diff = first_difference(expected, yours);
        // The library's sleep: the task goes on with no wake event at all.
        const bool no_wake =
            std::none_of(yours.begin(), yours.end(),
                         [](const nlohmann::json& event) { return event["event"] == "wake"; });
        const std::string why =
            no_wake && yours.size() > 2
                ? "\n  the task went on with no wake: the loop ran it straight from its timer, "
                  "as the library's own sleep has it do. Write the suspension the sheet asks "
                  "for: a timer callback of yours wakes the task (wake_soon)."
                : "";
        CHECK_MESSAGE(
            diff.empty(), technique.yours.technique,
            ": a task that sleeps 5 s once, with the trace's wait and wake events: ", diff, why);
    }
}

TEST_CASE("a cancelled sleep ends at once, releases what the task held and leaves no timer") {
    const auto expected = test::events(R"(
        {"t":0,"task":"sleeper","event":"start"}
        {"t":10000,"task":"sleeper","event":"cancelled"}
    )");
    for (const Technique& technique : techniques()) {
        if (technique.yours.cancelled_sleep == nullptr) {
            continue;  // the generators' mini driver does not cancel
        }
        CAPTURE(technique.yours.technique);
        Loop loop;
        Trace trace;
        int released = 0;
        technique.yours.cancelled_sleep(loop, trace, &released);
        const std::string diff = first_difference(expected, as_json(trace));
        CHECK_MESSAGE(
            diff.empty(), technique.yours.technique,
            ": a task sleeping 100 s, cancelled at 10 s, must end cancelled then: ", diff);
        CHECK_MESSAGE(released == 1, technique.yours.technique, ": the sleeping task's resource ",
                      "was released ", released, " time(s); expected once, when it was cancelled");
        // Had the 100 s timer stayed in the loop, the clock would have run on to it.
        CHECK_MESSAGE(loop.now() == 10s, technique.yours.technique, ": the loop was over at ",
                      loop.now(), "; expected at 10 s (cancel() removes the timer it finds in ",
                      "the task's `timer`: keep the timer's id there)");
    }
}

}  // namespace coop::lab01
