// The generators technique used directly: the generator protocol, deep
// delegation through the driver, and the hand-written state machine.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "generators/generator.hpp"
#include "generators/interpreter.hpp"
#include "generators/runtime.hpp"
#include "generators/state_machine.hpp"
#include "tests/support.hpp"

namespace coop::test {

using namespace std::chrono_literals;
namespace gen = coop::generators;

namespace {

// x = yield total; return total when sent a negative number.
gen::Generator<int, int, int> running_total() {
    int total = 0;
    for (;;) {
        const int x = co_yield total;
        if (x < 0) {
            co_return total;
        }
        total += x;
    }
}

// The deepest the C++ stack has been while a generator of depth() ran: the
// lowest address of a frame (the stack grows down).
std::uintptr_t deepest_stack = UINTPTR_MAX;

[[gnu::noinline]] void note_stack_depth() {
    const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
    deepest_stack = std::min(deepest_stack, here);
}

gen::Generator<gen::Request, gen::Reply, std::int64_t> depth(std::int64_t levels) {
    note_stack_depth();  // started
    if (levels == 0) {
        co_yield gen::SleepFor{0ms};  // suspend on the loop at the very bottom
        note_stack_depth();           // resumed by the loop
        co_return 0;
    }
    const gen::Reply below = co_yield gen::Delegate{depth(levels - 1)};  // yield from
    note_stack_depth();  // resumed with the result of the level below
    co_return below.value + 1;
}

struct Delegation {
    std::int64_t result = -1;
    std::uintptr_t deepest_stack = 0;
};

// A task that delegates `levels` deep, run to its end on a fresh loop.
Delegation delegate(std::int64_t levels) {
    Loop loop;
    gen::Runtime rt(loop);
    Delegation run;
    gen::TaskHandle task = rt.create_task("deep");
    rt.spawn(task, [](std::int64_t n, std::int64_t* out) -> gen::TaskGenerator {
        const gen::Reply r = co_yield gen::Delegate{depth(n)};
        *out = r.value;
    }(levels, &run.result));
    deepest_stack = UINTPTR_MAX;
    loop.run();
    CHECK(task.ending() == coop::Ending::Ended);
    run.deepest_stack = deepest_stack;
    return run;
}

}  // namespace

TEST_CASE("generators: the protocol of Python generators (next, send, throw, return)") {
    gen::AnyGenerator<int, int> g = running_total();
    g.start();  // next(g): runs to the first yield
    CHECK(g.take_yielded() == 0);
    g.send(5);  // g.send(5)
    CHECK(g.take_yielded() == 5);
    g.send(7);
    CHECK(g.take_yielded() == 12);
    g.send(-1);  // makes it return
    REQUIRE(g.done());
    CHECK_FALSE(g.error());
    CHECK(g.returned() == 12);

    gen::AnyGenerator<int, int> h = running_total();
    h.start();
    h.throw_in(std::make_exception_ptr(std::runtime_error("stop")));  // g.throw(...)
    REQUIRE(h.done());
    CHECK_THROWS_WITH_AS(std::rethrow_exception(h.error()), "stop", std::runtime_error);
}

TEST_CASE("generators: delegating 100,000 levels deep does not grow the C++ stack") {
    // Every level is a generator suspended at `co_yield Delegate{...}`, kept
    // on the task's explicit stack, and the driver resumes only the top one.
    // Each level notes how deep the C++ stack is whenever it runs: if
    // resuming nested a C++ call per level, 100,000 levels would be at least
    // 100,000 frames (megabytes) deeper than 1 level, or overflow the stack.
    const Delegation one = delegate(1);
    const Delegation deep = delegate(100'000);
    CHECK(one.result == 1);
    CHECK(deep.result == 100'000);
    const auto grown = static_cast<std::intptr_t>(one.deepest_stack) -
                       static_cast<std::intptr_t>(deep.deepest_stack);
    MESSAGE("the C++ stack at 100,000 levels went ", grown,
            " bytes deeper than at 1 level (the same when resumption does not nest)");
    CHECK(grown < 1024);
}

TEST_CASE("generators: the hand-written state machine gives the generator's chess trace") {
    const Scenario scenario =
        load_scenario_file((scenario_dir() / "chess-exhibition.json").string());
    Loop loop;
    Trace by_hand;
    std::vector<std::unique_ptr<gen::ChessTableMachine>> tables;
    for (const TaskSpec& task : scenario.tasks) {
        tables.push_back(
            std::make_unique<gen::ChessTableMachine>(loop, by_hand, task.name, 30, 5s, 55s));
        tables.back()->spawn();
    }
    loop.run();
    for (const auto& table : tables) {
        CHECK(table->done());
    }
    const RunResult generated = run_scenario<generators::Technique>(scenario);
    const std::string diff = first_difference(generated.trace, as_json(by_hand));
    CHECK_MESSAGE(diff.empty(), diff);
    CHECK(whole_ms(loop.now()) == 3'655'000);
}

TEST_CASE(
    "generators: cancelling throws into the generator; destroying the runtime frees the rest") {
    Loop loop;
    int released = 0;
    bool caught = false;
    {
        gen::Runtime rt(loop);
        gen::TaskHandle sleeper = rt.create_task("sleeper");
        gen::TaskHandle stuck = rt.create_task("stuck");
        gen::TaskHandle boss = rt.create_task("boss");
        rt.spawn(sleeper, [](int* r, bool* c) -> gen::TaskGenerator {
            Guard guard(r);
            try {
                co_yield gen::SleepFor{1h};
            } catch (const gen::Cancelled&) {
                *c = true;
                throw;
            }
        }(&released, &caught));
        rt.spawn(stuck, [](int* r) -> gen::TaskGenerator {
            Guard guard(r);
            co_yield gen::Delegate{[](int* r2) -> gen::TaskGenerator {
                Guard inner(r2);
                co_yield gen::SleepFor{2h};
            }(r)};
        }(&released));
        rt.spawn(boss, [](gen::TaskHandle s) -> gen::TaskGenerator {
            co_yield gen::SleepFor{5ms};
            co_yield gen::CancelTask{s};
        }(sleeper));
        loop.run_once();  // all three start
        loop.run_once();  // t = 5: boss cancels sleeper
        loop.run_once();  // sleeper hears of it
        CHECK(caught);
        CHECK(released == 1);
        CHECK(sleeper.ending() == coop::Ending::Cancelled);
        loop.clear();
    }
    CHECK(released == 3);  // stuck's two generators, innermost first
}

}  // namespace coop::test
