// Lab 03's test: the state machine must give exactly the generator's trace,
// in any setup, for several players on one loop.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "generators/runtime.hpp"
#include "labs/03-state-machine/blitz.hpp"
#include "machine.hpp"
#include "tests/support.hpp"

namespace coop::lab03 {

using namespace std::chrono_literals;

namespace {

std::vector<nlohmann::json> play_generators(const std::vector<Blitz>& players) {
    Loop loop;
    Trace trace;
    generators::Runtime rt(loop, &trace);
    for (std::size_t i = 0; i < players.size(); ++i) {
        rt.spawn(rt.create_task("player" + std::to_string(i)), blitz_player(players[i]));
    }
    loop.run();
    CHECK(rt.unfinished_tasks().empty());
    return test::as_json(trace);
}

std::vector<nlohmann::json> play_machines(const std::vector<Blitz>& players) {
    Loop loop;
    Trace trace;
    std::vector<std::unique_ptr<BlitzMachine>> machines;
    for (std::size_t i = 0; i < players.size(); ++i) {
        machines.push_back(
            std::make_unique<BlitzMachine>(loop, trace, "player" + std::to_string(i), players[i]));
        machines.back()->spawn();
    }
    loop.run();
    for (const auto& machine : machines) {
        CHECK(machine->done());
    }
    return test::as_json(trace);
}

void check_same_trace(const std::vector<Blitz>& players) {
    const auto expected = play_generators(players);
    const std::string diff = test::first_difference(expected, play_machines(players));
    CHECK_MESSAGE(diff.empty(), diff);
}

}  // namespace

TEST_CASE("one player: the machine gives the generator's trace") {
    check_same_trace({Blitz{3, 4, 2s, 5s, 1s, 30s}});
}

TEST_CASE("three players on one loop, each with its own pace") {
    check_same_trace({
        Blitz{3, 4, 2s, 5s, 1s, 30s},
        Blitz{2, 6, 1s, 3s, 2s, 10s},
        Blitz{4, 2, 3s, 20s, 0s, 1s},
    });
}

TEST_CASE("sleeps of 0 are yields: the players take turns") {
    check_same_trace({
        Blitz{2, 3, 1s, 0s, 0s, 0s},
        Blitz{3, 2, 0s, 0s, 0s, 0s},
    });
}

TEST_CASE("the edges: no games, games without moves") {
    check_same_trace({Blitz{0, 4, 2s, 5s, 1s, 30s}});
    check_same_trace({Blitz{3, 0, 2s, 5s, 1s, 30s}});
    check_same_trace({Blitz{1, 1, 0s, 7s, 0s, 0s}, Blitz{0, 0, 0s, 0s, 0s, 0s}});
}

}  // namespace coop::lab03
