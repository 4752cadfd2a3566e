// What every technique must do beyond the trace: wait for file descriptors,
// and give everything back when a run is abandoned with tasks suspended.
#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include "cli/techniques.hpp"
#include "tests/support.hpp"

namespace coop::test {

using namespace std::chrono_literals;

namespace {
Op wait_op(OpKind kind, int fd) {
    Op op;
    op.kind = kind;
    op.fd = fd;
    return op;
}
Op log_op(const std::string& text) {
    Op op;
    op.kind = OpKind::Log;
    op.text = text;
    return op;
}
}  // namespace

TEST_CASE_TEMPLATE_DEFINE("a task waits for a readable and a writable fd over a socketpair", T,
                          fd_id) {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    Scenario scenario;
    scenario.source = "<fd test>";
    scenario.tasks.push_back(
        TaskSpec{"reader", true, {wait_op(OpKind::WaitReadable, fds[0]), log_op("readable")}});
    scenario.tasks.push_back(
        TaskSpec{"writer", true, {wait_op(OpKind::WaitWritable, fds[1]), log_op("writable")}});
    validate_scenario(scenario);

    Loop loop;
    // Someone outside the tasks writes at t = 5 (the clock jumps there, as
    // nothing else is due).
    loop.call_later(5ms, [&] { REQUIRE(::write(fds[1], "x", 1) == 1); });
    Trace trace;
    CHECK(T::run(scenario, loop, trace) == Outcome::AllEnded);
    const std::string expected = R"({"t":0,"task":"reader","event":"start"}
        {"t":0,"task":"writer","event":"start"}
        {"t":0,"task":"writer","event":"resume"}
        {"t":0,"task":"writer","event":"log","text":"writable"}
        {"t":0,"task":"writer","event":"end"}
        {"t":5,"task":"reader","event":"resume"}
        {"t":5,"task":"reader","event":"log","text":"readable"}
        {"t":5,"task":"reader","event":"end"})";
    const std::string diff = first_difference(events(expected), as_json(trace));
    CHECK_MESSAGE(diff.empty(), T::name, ": ", diff);
    ::close(fds[0]);
    ::close(fds[1]);
}

TEST_CASE_TEMPLATE_DEFINE("stopping the loop mid-run releases every suspended task", T, stop_id) {
    // Tasks asleep, in a channel, in a join and not yet started when the
    // loop stops: run() must return Stopped, leave the loop empty, and free
    // everything (the sanitizer build checks that nothing leaks).
    struct Stop {
        const char* file;
        int at_ms;  // before the scenario ends, while tasks wait
    };
    for (const Stop stop :
         {Stop{"chess-exhibition.json", 200'000}, Stop{"producer-consumer.json", 11},
          Stop{"join-before-spawn.json", 5}, Stop{"rendezvous.json", 1}}) {
        CAPTURE(stop.file);
        const Scenario scenario = load_scenario_file((scenario_dir() / stop.file).string());
        Loop loop;
        loop.call_later(std::chrono::milliseconds(stop.at_ms), [&loop] { loop.stop(); });
        Trace trace;
        CHECK(T::run(scenario, loop, trace) == Outcome::Stopped);
        CHECK_FALSE(loop.has_work());
        CHECK(whole_ms(loop.now()) >= stop.at_ms);
        REQUIRE_FALSE(trace.empty());
        CHECK(trace.events().back().kind != EventKind::End);  // it did not run to the end
    }
}

TEST_CASE_TEMPLATE_DEFINE("the same loop runs one scenario after another", T, reuse_id) {
    Loop loop;
    for (int i = 0; i < 3; ++i) {
        Trace trace;
        const Scenario scenario = load_scenario_file((scenario_dir() / "timer-ties.json").string());
        CHECK(T::run(scenario, loop, trace) == Outcome::AllEnded);
        CHECK(trace.events().size() == 17);
    }
    CHECK(whole_ms(loop.now()) == 39);  // 13 ms of scenario time, three times
}

TEST_CASE_TEMPLATE_APPLY(fd_id, AllTechniques);
TEST_CASE_TEMPLATE_APPLY(stop_id, AllTechniques);
TEST_CASE_TEMPLATE_APPLY(reuse_id, AllTechniques);

}  // namespace coop::test
