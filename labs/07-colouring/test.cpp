// Lab 07's test: two walkers, each summing its own tree, run at once, first
// as fibers tasks and then as coroutines tasks. In both, each walker must
// suspend at every file, at the bottom of its chain of calls, for that
// file's latency, while the other walker runs: the trace, compared event
// for event with the schedule below, shows where each task waited. The
// sizes must be right too.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "coroutines/runtime.hpp"
#include "fibers/runtime.hpp"
#include "labs/07-colouring/walk.hpp"
#include "tests/support.hpp"

namespace coop::lab07 {

using namespace std::chrono_literals;

namespace {

Node file(std::string name, std::int64_t bytes, Duration latency) {
    return Node{std::move(name), false, {}, bytes, latency};
}

Node folder(std::string name, std::vector<Node> children) {
    return Node{std::move(name), true, std::move(children), 0, {}};
}

// Walker A: 100 + 20 + 3 + 4000 bytes; the disk answers after 3, 1, 2 and
// 4 s (at 3, 4, 6 and 10 s). Walker B: three folders deep, then a file
// next to them; answers after 5 and 2.5 s (at 5 and 7.5 s).
const Node tree_a = folder(
    "a", {file("a/1", 100, 3s), folder("a/sub", {file("a/sub/2", 20, 1s), file("a/sub/3", 3, 2s)}),
          file("a/4", 4000, 4s)});
const Node tree_b = folder("b", {folder("b/x", {folder("b/x/y", {file("b/x/y/deep", 50000, 5s)})}),
                                 file("b/7", 7, 2500ms)});

// Each walker suspends at each file and resumes when the disk answers;
// while one waits, the other runs.
constexpr const char* schedule = R"(
{"t":0,"event":"start","task":"walker A"}
{"t":0,"event":"start","task":"walker B"}
{"t":3000,"event":"resume","task":"walker A"}
{"t":4000,"event":"resume","task":"walker A"}
{"t":5000,"event":"resume","task":"walker B"}
{"t":6000,"event":"resume","task":"walker A"}
{"t":7500,"event":"resume","task":"walker B"}
{"t":7500,"event":"end","task":"walker B"}
{"t":10000,"event":"resume","task":"walker A"}
{"t":10000,"event":"end","task":"walker A"}
)";

struct Walked {
    std::int64_t a = -1;
    std::int64_t b = -1;
    std::vector<nlohmann::json> trace;
};

Walked walk_with_fibers() {
    Walked walked;
    Loop loop;
    Trace trace;
    {
        fibers::Runtime rt(loop, &trace);
        rt.spawn("walker A", [&walked] { walked.a = fibers_walk::total_size(tree_a); });
        rt.spawn("walker B", [&walked] { walked.b = fibers_walk::total_size(tree_b); });
        loop.run();
    }
    walked.trace = test::as_json(trace);
    return walked;
}

coroutines::Task<void> walker(const Node& tree, std::int64_t* size) {
    *size = co_await coroutines_walk::total_size(tree);
}

Walked walk_with_coroutines() {
    Walked walked;
    Loop loop;
    Trace trace;
    {
        coroutines::Runtime rt(loop, &trace);
        rt.spawn("walker A", walker(tree_a, &walked.a));
        rt.spawn("walker B", walker(tree_b, &walked.b));
        loop.run();
    }
    walked.trace = test::as_json(trace);
    return walked;
}

void check(const Walked& walked, const std::string& technique) {
    CHECK_MESSAGE(walked.a == 4123, technique, ": walker A summed ", walked.a,
                  " bytes; its tree holds 4,123");
    CHECK_MESSAGE(walked.b == 50007, technique, ": walker B summed ", walked.b,
                  " bytes; its tree holds 50,007");
    const std::string diff = test::first_difference(test::events(schedule), walked.trace);
    CHECK_MESSAGE(diff.empty(), technique,
                  ": each walker must suspend at each file, at the bottom of the walk, for the "
                  "file's latency, while the other one runs; ",
                  diff);
}

}  // namespace

TEST_CASE("fibers: the walk waits at the bottom, and the other walker runs meanwhile") {
    check(walk_with_fibers(), "fibers");
}

TEST_CASE("coroutines: the walk waits at the bottom, and the other walker runs meanwhile") {
    check(walk_with_coroutines(), "coroutines");
}

}  // namespace coop::lab07
