// Lab 03's test: the state machine must give exactly the generator's trace,
// in any setup, for several players on one loop; and it must be a state
// machine: its frame plain data, a copy of which goes on as the task would.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <type_traits>
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
    CHECK_MESSAGE(rt.unfinished_tasks().empty(),
                  "the generators did not finish (a bug of the test)");
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
        CHECK_MESSAGE(machine->done(),
                      "a machine was not done when the loop ran dry: did it "
                      "forget to schedule its next step, or to reach Done?");
    }
    return test::as_json(trace);
}

void check_same_trace(const std::vector<Blitz>& players) {
    const auto expected = play_generators(players);
    const std::string diff = test::first_difference(expected, play_machines(players));
    CHECK_MESSAGE(diff.empty(), diff);
}

// The events of one task, renamed (to compare two tasks' events).
std::vector<nlohmann::json> events_of(const std::vector<nlohmann::json>& trace,
                                      const std::string& task, Time from) {
    std::vector<nlohmann::json> events;
    for (nlohmann::json event : trace) {
        if (event["task"] == task && event["t"].get<std::int64_t>() >= whole_ms(from)) {
            event["task"] = "the player";
            events.push_back(event);
        }
    }
    return events;
}

}  // namespace

TEST_CASE("the frame is plain data: no generator, coroutine or other owner inside") {
    CHECK_MESSAGE(std::is_trivially_copyable_v<BlitzFrame>,
                  "BlitzFrame must hold only plain values (the state, the loop counters): "
                  "a generator, a coroutine or anything that owns memory cannot be copied "
                  "byte for byte, and the frame of a state machine can");
}

TEST_CASE("a copy of the frame goes on exactly as the task itself does") {
    // A player that thinks in no time, so that the original and the copy
    // resume at the same instants. At 5 s, the original waits for its first
    // answer: the copy takes its frame there and must play the rest of the
    // games just as the original does. A machine that keeps a generator (or
    // a handle to one) fails here: its frame is not all of the task.
    const Blitz b{2, 3, 0s, 5s, 1s, 10s};
    const auto expected = play_generators({b});

    Loop loop;
    Trace trace;
    BlitzMachine original(loop, trace, "player0", b);
    BlitzMachine copy(loop, trace, "copy", b);
    loop.call_at(Time{5s}, [&] {
        copy.restore(original.frame());
        copy.spawn();
    });
    original.spawn();
    loop.run();
    const auto played = test::as_json(trace);
    const std::string original_diff = test::first_difference(events_of(expected, "player0", Time{}),
                                                             events_of(played, "player0", Time{}));
    CHECK_MESSAGE(original_diff.empty(),
                  "the original, while a copy of it plays too: ", original_diff);
    const std::string copy_diff = test::first_difference(events_of(played, "player0", Time{5s}),
                                                         events_of(played, "copy", Time{}));
    CHECK_MESSAGE(
        copy_diff.empty(),
        "the copy taken at 5 s (expected: the original's events from 5 s on): ", copy_diff);
    CHECK_MESSAGE(original.done(), "the original was not done when the loop ran dry");
    CHECK_MESSAGE(copy.done(), "the copy was not done when the loop ran dry");
}

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
