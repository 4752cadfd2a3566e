// Scenarios, run as generator tasks that yield requests to the driver.
#pragma once

#include <string_view>

#include "common/technique.hpp"

namespace coop::generators {

struct Technique {
    static constexpr std::string_view name = "generators";
    static Outcome run(const Scenario& scenario, Loop& loop, Trace& trace);
};

}  // namespace coop::generators
