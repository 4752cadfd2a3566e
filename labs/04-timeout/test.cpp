// Lab 04's test: in every technique, timeout gives the work's result when
// it is in time, TimedOut at the limit when it is late (the work cancelled
// and released by then), the work's failure as it happens, and no race left
// behind: the loop's clock ends when the caller is done.
#include <doctest/doctest.h>

#include <vector>

#include "labs/04-timeout/programs.hpp"
#include "tests/support.hpp"  // times printed in seconds

namespace coop::lab04 {

using namespace std::chrono_literals;

namespace {

std::vector<Technique> techniques() {
    return {callbacks_technique(), generators_technique(), coroutines_technique(),
            fibers_technique()};
}

}  // namespace

TEST_CASE("in time: the work's value as soon as it is there, and the alarm is gone") {
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.name);
        const Seen seen = technique.run(Case{10s, 5s});
        CHECK(seen.outcome == "42");
        CHECK(seen.at == 5s);
        CHECK(seen.released_when_heard == 1);
        // Had the 10 s alarm been left in the loop, the clock would have run on to it.
        CHECK(seen.end == 5s);
    }
}

TEST_CASE("late: TimedOut at the limit, the work cancelled and released by then") {
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.name);
        const Seen seen = technique.run(Case{10s, 20s});
        CHECK(seen.outcome == "timed out");
        CHECK(seen.at == 10s);
        CHECK(seen.released_when_heard == 1);
        CHECK(seen.released == 1);
        CHECK(seen.end == 10s);  // the work's 20 s sleep was removed with it
    }
}

TEST_CASE("a failure in time is the caller's failure, when it happens") {
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.name);
        const Seen seen = technique.run(Case{10s, 3s, true});
        CHECK(seen.outcome == "failed: boom");
        CHECK(seen.at == 3s);
        CHECK(seen.end == 3s);
    }
}

TEST_CASE("a caller cancelled while it waits takes the work down with it") {
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.name);
        const Seen seen = technique.run(Case{10s, 20s, false, 4s});
        CHECK(seen.outcome == "cancelled");
        CHECK(seen.at == 4s);
        CHECK(seen.released == 1);
        CHECK(seen.end == 4s);  // neither the alarm nor the work's sleep is left
    }
}

}  // namespace coop::lab04
