// Every technique that exists, in one list. The runner and the shared test
// suite both read it: adding a technique means adding one line here.
#pragma once

#include <string_view>
#include <tuple>
#include <vector>

#include "callbacks/interpreter.hpp"
#include "common/technique.hpp"
#include "coroutines/interpreter.hpp"
#include "fibers/interpreter.hpp"
#include "generators/interpreter.hpp"

namespace coop {

using AllTechniques = std::tuple<  //
    callbacks::Technique,          // continuation-passing callbacks
    generators::Technique,         // stackless generators and a trampoline
    coroutines::Technique,         // C++20 co_await tasks
    fibers::Technique,             // stackful: boost::context fibers
    fibers::Coroutine2Technique    // stackful: Boost.Coroutine2
    >;

// The same list, usable at run time (by name).
struct TechniqueEntry {
    std::string_view name;
    Outcome (*run)(const Scenario&, Loop&, Trace&);
};

template <Technique... T>
std::vector<TechniqueEntry> technique_entries(std::tuple<T...>*) {
    return {TechniqueEntry{T::name, &T::run}...};
}

inline std::vector<TechniqueEntry> all_techniques() {
    return technique_entries(static_cast<AllTechniques*>(nullptr));
}

}  // namespace coop
