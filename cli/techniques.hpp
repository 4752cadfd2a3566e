// Every technique that exists, in one place. The runner and the shared test
// suite both read it: adding a technique means adding one line to each of the
// two lists below (the compile-time one for the test templates, the run-time
// one for the commands).
#pragma once

#include <memory>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "callbacks/chess.hpp"
#include "callbacks/echo.hpp"
#include "callbacks/interpreter.hpp"
#include "common/echo.hpp"
#include "common/net.hpp"
#include "common/technique.hpp"
#include "coroutines/chess.hpp"
#include "coroutines/echo.hpp"
#include "coroutines/interpreter.hpp"
#include "fibers/chess.hpp"
#include "fibers/echo.hpp"
#include "fibers/interpreter.hpp"
#include "generators/chess.hpp"
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

// The same techniques at run time, by name, with each one's three programs:
// the scenario interpreter, the hand-written chess exhibition (chess.cpp) and
// the echo server (echo.cpp). Every command and test that loops over the
// techniques reads this list; a test checks it names the techniques of
// AllTechniques, in the same order.
struct TechniqueEntry {
    std::string_view name;
    Outcome (*run)(const Scenario&, Loop&, Trace&);
    void (*play_exhibition)(const chess::Exhibition&, Loop&, Trace&);
    std::unique_ptr<EchoServer> (*start_echo_server)(Loop&, net::Socket listener);
};

inline std::vector<TechniqueEntry> all_techniques() {
    return {
        {callbacks::Technique::name, &callbacks::Technique::run, &callbacks::play_exhibition,
         &callbacks::start_echo_server},
        {generators::Technique::name, &generators::Technique::run, &generators::play_exhibition,
         &generators::start_echo_server},
        {coroutines::Technique::name, &coroutines::Technique::run, &coroutines::play_exhibition,
         &coroutines::start_echo_server},
        {fibers::Technique::name, &fibers::Technique::run,
         [](const chess::Exhibition& e, Loop& loop, Trace& trace) {
             fibers::play_exhibition(e, loop, trace, fibers::Backend::Fiber);
         },
         [](Loop& loop, net::Socket listener) {
             return fibers::start_echo_server(loop, std::move(listener), fibers::Backend::Fiber);
         }},
        {fibers::Coroutine2Technique::name, &fibers::Coroutine2Technique::run,
         [](const chess::Exhibition& e, Loop& loop, Trace& trace) {
             fibers::play_exhibition(e, loop, trace, fibers::Backend::Coroutine2);
         },
         [](Loop& loop, net::Socket listener) {
             return fibers::start_echo_server(loop, std::move(listener),
                                              fibers::Backend::Coroutine2);
         }},
    };
}

}  // namespace coop
