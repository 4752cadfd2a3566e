// Lab 09's test, run against the student's copy of the loop (see
// meson.build): the shared suite's loop tests (tests/loop_test.cpp, built
// into this program), the checks below, which say in words which step of
// run_once is wrong, and the public scenarios run by the coroutines
// technique on this loop, each of which must give its expected trace.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/loop.hpp"
#include "coroutines/interpreter.hpp"
#include "tests/support.hpp"

namespace coop::lab09 {

using namespace std::chrono_literals;

namespace {

// What ran, one entry per Runnable, with the virtual time and the
// iteration it ran in: "a@0ms#1".
struct Log {
    explicit Log(Loop& loop) : loop_(loop) {}
    Callback note(std::string what) {
        return [this, what] {
            seen.push_back(what + "@" + std::to_string(whole_ms(loop_.now())) + "ms#" +
                           std::to_string(iteration));
        };
    }
    void run() {
        while (loop_.run_once()) {
            ++iteration;
        }
    }
    std::vector<std::string> seen;
    int iteration = 1;

  private:
    Loop& loop_;
};

// The first entry that differs, in words.
std::string first_difference(const std::vector<std::string>& expected,
                             const std::vector<std::string>& seen) {
    std::size_t i = 0;
    while (i < expected.size() && i < seen.size() && expected[i] == seen[i]) {
        ++i;
    }
    if (i == expected.size() && i == seen.size()) {
        return "";
    }
    auto at = [i](const std::vector<std::string>& v) {
        return i < v.size() ? v[i] : std::string("(nothing more ran)");
    };
    return "the first difference is run number " + std::to_string(i + 1) + ": expected " +
           at(expected) + ", your loop ran " + at(seen) +
           "  (what@virtual time#iteration of run_once)";
}

bool runs_a_callback() {
    Loop loop;
    bool ran = false;
    loop.call_soon([&ran] { ran = true; });
    loop.run();
    return ran;
}

}  // namespace

TEST_CASE("step 4: an iteration runs exactly the batch that was ready when it began") {
    Loop loop;
    Log log(loop);
    loop.call_soon([&] {
        log.note("a")();
        loop.call_soon(log.note("scheduled by a"));
    });
    loop.call_soon(log.note("b"));
    log.run();
    const std::string diff =
        first_difference({"a@0ms#1", "b@0ms#1", "scheduled by a@0ms#2"}, log.seen);
    CHECK_MESSAGE(diff.empty(), diff,
                  "\n  What a Runnable schedules while the batch runs waits for the next "
                  "iteration (run only the entries that were ready when step 4 began).");
}

TEST_CASE("step 3: timers fire in (deadline, sequence) order, after what was already ready") {
    Loop loop;
    Log log(loop);
    loop.call_later(20ms, log.note("20 ms, first"));
    loop.call_later(10ms, log.note("10 ms"));
    loop.call_later(20ms, log.note("20 ms, second"));
    loop.call_later(0ms, log.note("0 ms"));
    loop.call_soon(log.note("soon"));
    const TimerId cancelled = loop.call_later(15ms, log.note("cancelled"));
    loop.cancel_timer(cancelled);
    log.run();
    const std::string diff = first_difference(
        {"soon@0ms#1", "0 ms@0ms#1", "10 ms@10ms#2", "20 ms, first@20ms#3", "20 ms, second@20ms#3"},
        log.seen);
    CHECK_MESSAGE(diff.empty(), diff,
                  "\n  Due timers join the ready queue behind what is there, earliest deadline "
                  "first, equal deadlines in the order they were scheduled; a cancelled timer "
                  "never runs.");
}

TEST_CASE("step 2: the virtual clock jumps only when nothing is ready") {
    Loop loop;
    Log log(loop);
    loop.call_later(30ms, log.note("timer"));
    loop.call_soon([&] {
        log.note("first")();
        loop.call_soon(log.note("second"));  // ready in iteration 2: no jump before it
    });
    log.run();
    const std::string diff =
        first_difference({"first@0ms#1", "second@0ms#2", "timer@30ms#3"}, log.seen);
    CHECK_MESSAGE(diff.empty(), diff,
                  "\n  With something ready, an iteration must not wait (timeout 0, no jump "
                  "of the clock); with nothing ready, the clock goes to the earliest deadline.");
}

TEST_CASE("step 1: with nothing left to do, run_once says so") {
    Loop loop;
    CHECK_MESSAGE(!loop.run_once(), "run_once on an empty loop must return false");
    const TimerId id = loop.call_later(5ms, [] {});
    loop.cancel_timer(id);
    CHECK_MESSAGE(!loop.run_once(),
                  "a cancelled timer is no work: run_once must return false, and leave the "
                  "clock where it was");
    CHECK_MESSAGE(loop.now() == Time{}, "the clock moved to ", loop.now(),
                  " for a timer that was cancelled");
}

TEST_CASE("the public scenarios give their expected traces on your loop (coroutines)") {
    REQUIRE_MESSAGE(runs_a_callback(),
                    "your loop does not run a callback given to call_soon: the scenarios "
                    "would say nothing more");
    for (const auto& file : test::public_scenarios()) {
        CAPTURE(file.filename().string());
        auto expected_file = file;
        expected_file.replace_extension(".trace.jsonl");
        const auto expected = test::events(test::read_file(expected_file));
        const test::RunResult run =
            test::run_scenario<coroutines::Technique>(load_scenario_file(file.string()));
        const std::string diff = test::first_difference(expected, run.trace);
        CHECK_MESSAGE(diff.empty(), "scenario ", file.filename().string(), ": ", diff);
    }
}

}  // namespace coop::lab09
