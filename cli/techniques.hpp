// Every technique that exists, in one list. The runner and the shared test
// suite both read it: adding a technique means adding one line here, and one
// to the list of echo servers below.
#pragma once

#include <memory>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "callbacks/echo.hpp"
#include "callbacks/interpreter.hpp"
#include "common/echo.hpp"
#include "common/net.hpp"
#include "common/technique.hpp"
#include "coroutines/echo.hpp"
#include "coroutines/interpreter.hpp"
#include "fibers/echo.hpp"
#include "fibers/interpreter.hpp"
#include "generators/echo.hpp"
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

// Each technique's echo server (its echo.cpp), under the technique's name.
struct EchoServerEntry {
    std::string_view name;
    std::unique_ptr<EchoServer> (*start)(Loop&, net::Socket listener);
};

inline std::vector<EchoServerEntry> all_echo_servers() {
    return {
        {callbacks::Technique::name, &callbacks::start_echo_server},
        {generators::Technique::name, &generators::start_echo_server},
        {coroutines::Technique::name, &coroutines::start_echo_server},
        {fibers::Technique::name,
         [](Loop& loop, net::Socket listener) {
             return fibers::start_echo_server(loop, std::move(listener), fibers::Backend::Fiber);
         }},
        {fibers::Coroutine2Technique::name,
         [](Loop& loop, net::Socket listener) {
             return fibers::start_echo_server(loop, std::move(listener),
                                              fibers::Backend::Coroutine2);
         }},
    };
}

}  // namespace coop
