// A seeded generator of random, valid scenarios for the differential test:
// small programs full of the cases where schedules are easy to get wrong
// (equal deadlines, yields, busy work, joins before spawns, cancels of tasks
// in every state, failures, channels of capacity 0 and more, repeats).
#pragma once

#include <cstdint>
#include <string>

namespace coop::test {

// The scenario as JSON text, the same for the same seed on every machine.
std::string random_scenario_json(std::uint64_t seed);

}  // namespace coop::test
