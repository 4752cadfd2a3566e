// Lab 02's test: the fixed exhibition lasts as long as the arithmetic says,
// and schedules exactly as the library's coroutines exhibition.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "common/schedule.hpp"
#include "coroutines/chess.hpp"
#include "labs/02-blocking-call/exhibition.hpp"
#include "tests/support.hpp"

namespace coop::lab02 {

using namespace std::chrono_literals;

namespace {

struct Played {
    Trace trace;
    Time length{};
};

Played play(void (*exhibition)(const chess::Exhibition&, Loop&, Trace&),
            const chess::Exhibition& e) {
    Played played;
    played.trace.record_waits(true);  // for the timeline
    Loop loop;
    exhibition(e, loop, played.trace);
    played.length = loop.now();
    return played;
}

// The first two hours of the schedule, as a picture. Every table is spawned
// before the loop runs: until its first step it is ready.
std::string timeline(const Trace& trace, const chess::Exhibition& e) {
    Spawns tables;
    for (int table = 0; table < e.tables; ++table) {
        tables.before_the_loop.push_back(chess::table_name(table));
    }
    std::ostringstream out;
    write_timeline(schedule_of(trace, tables), out, 120, 0, 7'200'000);
    return out.str();
}

}  // namespace

TEST_CASE("the exhibition takes 3,655 s, not 43,200 s") {
    const chess::Exhibition seed;
    const Played played = play(&play_exhibition, seed);
    // On failure, the picture shows who holds the loop: '#' running,
    // '.' sleeping, '-' ready to go on but waiting for its turn.
    INFO("your schedule's first two hours:\n", timeline(played.trace, seed));
    CHECK(played.length == 3'655s);
}

TEST_CASE("the exhibition schedules as the library's, event for event, in any setup") {
    const chess::Exhibition setups[] = {
        {},                   // the seed
        {2, 30, 5s, 55s},     // few tables: the loop waits for the opponents
        {12, 10, 5s, 55s},    // exactly balanced
        {40, 5, 1500ms, 1s},  // the opponents are faster than the master
    };
    for (const chess::Exhibition& e : setups) {
        CAPTURE(e.tables);
        const Played library = play(&coroutines::play_exhibition, e);
        const Played yours = play(&play_exhibition, e);
        const std::string diff =
            test::first_difference(test::as_json(library.trace), test::as_json(yours.trace));
        CHECK_MESSAGE(diff.empty(), diff);
        CHECK(yours.length == chess::asynchronous_length(e));
    }
}

}  // namespace coop::lab02
