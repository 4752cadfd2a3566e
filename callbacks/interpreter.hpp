// Scenarios, run as callbacks tasks. See interpreter.cpp: the interpreter is
// itself the lesson of this module, a task whose every local variable had to
// move into a struct because the stack does not survive a suspension.
#pragma once

#include <string_view>

#include "common/technique.hpp"

namespace coop::callbacks {

struct Technique {
    static constexpr std::string_view name = "callbacks";
    static Outcome run(const Scenario& scenario, Loop& loop, Trace& trace);
};

}  // namespace coop::callbacks
