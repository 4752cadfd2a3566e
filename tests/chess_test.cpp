// The hand-written chess exhibitions (chess.cpp in each technique folder):
// every one must give the schedule of the chess scenario, the same as each
// other, and the numbers of common/chess.hpp's arithmetic.
#include <doctest/doctest.h>

#include <stdexcept>

#include "cli/techniques.hpp"
#include "tests/support.hpp"

namespace coop::test {

using namespace std::chrono_literals;

namespace {

struct Played {
    Trace trace;
    Time length{};
};

Played play(const TechniqueEntry& version, const chess::Exhibition& e, bool with_waits = false) {
    Loop loop;
    Played played;
    played.trace.record_waits(with_waits);
    version.play_exhibition(e, loop, played.trace);
    played.length = loop.now();
    CHECK(!loop.has_work());
    return played;
}

}  // namespace

TEST_CASE("the seed's arithmetic: 43,200 s one game after another, 3,655 s asynchronously") {
    const chess::Exhibition seed;
    CHECK(chess::synchronous_length(seed) == 43'200s);
    CHECK(chess::asynchronous_length(seed) == 3'655s);
    CHECK(chess::parallel_length(seed) == 1'800s);
    CHECK(chess::asynchronous_switches(seed) == 24 * 31);
    Loop loop;
    CHECK(chess::play_synchronously(seed, loop) == 43'200s);
}

TEST_CASE("every hand-written exhibition gives the chess scenario's expected trace") {
    const auto expected = events(read_file(scenario_dir() / "chess-exhibition.trace.jsonl"));
    REQUIRE(expected.size() == 24 * 32);
    for (const TechniqueEntry& version : all_techniques()) {
        CAPTURE(version.name);
        const Played played = play(version, chess::Exhibition{});
        const std::string diff = first_difference(expected, as_json(played.trace));
        CHECK_MESSAGE(diff.empty(), version.name, ": ", diff);
        CHECK(played.length == 3'655s);
    }
}

TEST_CASE("the hand-written exhibitions suspend alike, and as the arithmetic says, in any setup") {
    const chess::Exhibition setups[] = {
        {},                   // the seed: the master is the bottleneck
        {1, 1, 5s, 55s},      // one table, one move
        {2, 30, 5s, 55s},     // few tables: the opponents are the bottleneck
        {12, 10, 5s, 55s},    // exactly balanced: 12 × 5 s = 5 s + 55 s
        {7, 3, 2s, 9s},       // 14 s of moves per round against an 11 s cycle
        {40, 5, 1500ms, 1s},  // sub-second moves
    };
    for (const chess::Exhibition& e : setups) {
        CAPTURE(e.tables);
        CAPTURE(e.move_pairs);
        const auto versions = all_techniques();
        const Played reference = play(versions.front(), e, true);
        CHECK(reference.length == chess::asynchronous_length(e));
        CHECK(reference.trace.activations() == chess::asynchronous_switches(e));
        for (const TechniqueEntry& version : versions) {
            CAPTURE(version.name);
            const Played played = play(version, e, true);
            const std::string diff =
                first_difference(as_json(reference.trace), as_json(played.trace));
            CHECK_MESSAGE(diff.empty(), version.name, ": ", diff);
        }
        Loop loop;
        CHECK(chess::play_synchronously(e, loop) == chess::synchronous_length(e));
    }
}

TEST_CASE("an exhibition that cannot be played is refused with the reason") {
    auto refused = [](chess::Exhibition e) {
        try {
            chess::validate(e);
        } catch (const std::invalid_argument& err) {
            return std::string(err.what());
        }
        return std::string();
    };
    CHECK(refused({}).empty());
    CHECK(refused({0, 30, 5s, 55s}).find("tables") != std::string::npos);
    CHECK(refused({24, 0, 5s, 55s}).find("move pairs") != std::string::npos);
    CHECK(refused({24, 30, 0s, 55s}).find("master") != std::string::npos);
    CHECK(refused({24, 30, 5s, -1s}).find("opponent") != std::string::npos);
    CHECK(refused({10'000, 10'000, 24h, 24h}).find("31 years") != std::string::npos);
}

}  // namespace coop::test
