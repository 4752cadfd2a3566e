// A second, deliberately plain implementation of the scheduling contract
// (docs/semantics.md), for the differential test. It shares no code with
// common/loop.* or any technique: its own clock, ready list and timers, and
// tasks that are a program counter and a few flags. Nothing here is built
// for speed; everything is built to be checked against the text.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "common/scenario.hpp"

namespace coop::test {

struct ReferenceResult {
    std::vector<nlohmann::json> trace;
    bool stalled = false;
};

// Scenarios with WaitReadable/WaitWritable operations are not supported.
ReferenceResult run_reference_model(const Scenario& scenario);

}  // namespace coop::test
