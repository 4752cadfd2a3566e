// Helpers shared by the test files: where the scenarios are, and how to run
// one with a technique and get its trace back as parsed JSON.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "common/loop.hpp"
#include "common/scenario.hpp"
#include "common/technique.hpp"
#include "common/trace.hpp"

namespace coop::test {

std::filesystem::path scenario_dir();
std::string read_file(const std::filesystem::path& path);

// The public scenarios that have an expected trace, sorted by name.
std::vector<std::filesystem::path> public_scenarios();
// The scenarios that must be rejected, sorted by name.
std::vector<std::filesystem::path> invalid_scenarios();

std::vector<nlohmann::json> as_json(const Trace& trace);

struct RunResult {
    Outcome outcome;
    std::vector<nlohmann::json> trace;
};

template <Technique T>
RunResult run_scenario(const Scenario& scenario, ClockKind clock = ClockKind::Virtual) {
    Loop loop(clock);
    Trace trace;
    const Outcome outcome = T::run(scenario, loop, trace);
    return RunResult{outcome, as_json(trace)};
}

template <Technique T>
RunResult run_json(const std::string& scenario_json) {
    return run_scenario<T>(parse_scenario(scenario_json, "<test>"));
}

// Stands for a resource a task holds: counts its releases, so a test can
// check that cancelling or abandoning a task runs its destructors.
struct Guard {
    explicit Guard(int* released) : released_(released) {}
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard() { ++*released_; }
    int* released_;
};

// Parses JSON Lines written in a test, one event per line.
std::vector<nlohmann::json> events(const std::string& jsonl);

// The first difference between two traces, for a readable failure message;
// empty when they are equal.
std::string first_difference(const std::vector<nlohmann::json>& expected,
                             const std::vector<nlohmann::json>& actual);

}  // namespace coop::test

// A failed CHECK on times prints them in seconds ("3,600 s", "0.000125 s"),
// not as a count of microseconds, the unit the loop's clock keeps them in.
template <>
struct doctest::StringMaker<coop::Duration> {
    static doctest::String convert(coop::Duration time);
};
