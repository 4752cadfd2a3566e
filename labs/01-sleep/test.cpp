// Lab 01's test: each of your sleeps must schedule exactly as the library's.
#include <doctest/doctest.h>

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
            CHECK_MESSAGE(diff.empty(), technique.yours.technique, ": ", diff);
            CHECK(yours.end == chess::asynchronous_length(e));
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
        CHECK_MESSAGE(diff.empty(), technique.yours.technique, ": ", diff);
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
        CHECK_MESSAGE(diff.empty(), technique.yours.technique, ": ", diff);
        CHECK(released == 1);
        // Had the 100 s timer stayed in the loop, the clock would have run on to it.
        CHECK(loop.now() == 10s);
    }
}

}  // namespace coop::lab01
