// Running a scenario with several techniques and comparing what they did:
// shared by `coop run` and `coop compare`; and what every command says about
// bad arguments.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "cli/techniques.hpp"

namespace coop::cli {

struct Run {
    std::string_view technique;
    Outcome outcome;
    Trace trace;
    Time scenario_time;               // the loop's clock when the run ended
    std::chrono::nanoseconds wall{};  // how long the run really took
};

// With record_waits, the trace has its wait events too (for pictures).
Run run_one(const TechniqueEntry& technique, const Scenario& scenario, ClockKind clock,
            bool record_waits = false);

bool same_trace(const Trace& a, const Trace& b);

// Tells on standard error which technique differs and at which event, as
// `coop COMMAND` says it.
void report_difference(std::string_view command, const Run& reference, const Run& other);

// The names of every technique, in list order, joined by `separator`.
std::string technique_names(std::string_view separator);

// Tells on standard error what is wrong with the arguments of `coop
// COMMAND` and where to look; returns exit status 2.
int usage_error(std::string_view command, const std::string& what);

std::string_view outcome_name(Outcome outcome);

}  // namespace coop::cli
