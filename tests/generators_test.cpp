// The generators technique used directly: the generator protocol, deep
// delegation through the driver, and the hand-written state machine.
#include <doctest/doctest.h>

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

gen::Generator<gen::Request, gen::Reply, std::int64_t> depth(std::int64_t levels) {
    if (levels == 0) {
        co_yield gen::SleepFor{0ms};  // suspend on the loop at the very bottom
        co_return 0;
    }
    const gen::Reply below = co_yield gen::Delegate{depth(levels - 1)};  // yield from
    co_return below.value + 1;
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
    // on the task's explicit stack. If resuming one nested a C++ call per
    // level, 100,000 levels would overflow the thread's stack.
    Loop loop;
    gen::Runtime rt(loop);
    std::int64_t result = -1;
    gen::TaskHandle task = rt.create_task("deep");
    rt.spawn(task, [](std::int64_t* out) -> gen::TaskGenerator {
        const gen::Reply r = co_yield gen::Delegate{depth(100'000)};
        *out = r.value;
    }(&result));
    loop.run();
    CHECK(result == 100'000);
    CHECK(task.ending() == coop::Ending::Ended);
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
