// Scenarios, run as fiber tasks: on boost::context fibers ("fibers") and on
// Boost.Coroutine2 coroutines ("fibers-coroutine2"). The interpreter is the
// same plain recursive function for both; only the switch differs.
#pragma once

#include <string_view>

#include "common/technique.hpp"

namespace coop::fibers {

struct Technique {
    static constexpr std::string_view name = "fibers";
    static Outcome run(const Scenario& scenario, Loop& loop, Trace& trace);
};

struct Coroutine2Technique {
    static constexpr std::string_view name = "fibers-coroutine2";
    static Outcome run(const Scenario& scenario, Loop& loop, Trace& trace);
};

}  // namespace coop::fibers
