// Scenarios, run as C++20 coroutine tasks. Compare interpreter.cpp with the
// callbacks one: the same operations, but `for` loops and locals survive
// every co_await, because they live in the coroutine's frame.
#pragma once

#include <string_view>

#include "common/technique.hpp"

namespace coop::coroutines {

struct Technique {
    static constexpr std::string_view name = "coroutines";
    static Outcome run(const Scenario& scenario, Loop& loop, Trace& trace);
};

}  // namespace coop::coroutines
