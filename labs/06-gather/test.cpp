// Lab 06's test: gather gives every result in order once the slowest is
// done, and on the first failure cancels the rest and throws it, with the
// others' destructors already run; nothing is left in the loop afterwards.
// Each run's trace (every task's start, resume and ending, but the caller's
// resumes, which depend on how gather waits) is compared with the schedule
// gather must give, and the first event that differs is named.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "labs/06-gather/gather.hpp"
#include "tests/support.hpp"

namespace coop::lab06 {

using namespace std::chrono_literals;

namespace {

struct Job {
    Duration takes{};
    int value = 0;
    std::string failure;  // not empty: the job fails with this text
};

// A job holds a resource while it runs (counted in *released when it goes).
coroutines::Task<int> do_job(Job job, int* released) {
    test::Guard held(released);
    co_await coroutines::sleep(job.takes);
    if (!job.failure.empty()) {
        throw std::runtime_error(job.failure);
    }
    co_return job.value;
}

struct Seen {
    std::string outcome;  // the results, "1 2 3", or "failed: ..." or "cancelled"
    Time at{-1};          // when the caller heard it
    int released_when_heard = -1;
    int released = 0;
    Time end{};                         // the loop's clock once everything was over
    std::vector<nlohmann::json> trace;  // without the caller's resumes
};

coroutines::Task<void> caller(std::vector<Job> jobs, Seen* seen) {
    Loop& loop = coroutines::Runtime::current().loop();
    std::vector<coroutines::Task<int>> work;
    for (const Job& job : jobs) {
        work.push_back(do_job(job, &seen->released));
    }
    try {
        const std::vector<int> values = co_await gather("job", std::move(work));
        for (int value : values) {
            seen->outcome += (seen->outcome.empty() ? "" : " ") + std::to_string(value);
        }
    } catch (const coroutines::Cancelled&) {
        seen->outcome = "cancelled";
        seen->at = loop.now();
        throw;
    } catch (const std::exception& e) {
        seen->outcome = std::string("failed: ") + e.what();
    }
    seen->at = loop.now();
    seen->released_when_heard = seen->released;
}

Seen run(std::vector<Job> jobs, Duration cancel_caller_at = Duration{-1}) {
    Seen seen;
    Loop loop;
    Trace trace;
    {
        coroutines::Runtime rt(loop, &trace);
        coroutines::TaskHandle waiting = rt.spawn("caller", caller(std::move(jobs), &seen));
        if (cancel_caller_at >= Duration::zero()) {
            loop.call_later(cancel_caller_at, [&rt, waiting] { rt.cancel(waiting); });
        }
        loop.run();
        CHECK_MESSAGE(rt.unfinished_tasks().empty(),
                      "tasks were left unfinished when the loop ran dry: did they deadlock?");
    }
    seen.end = loop.now();
    for (const nlohmann::json& event : test::as_json(trace)) {
        if (!(event["task"] == "caller" && event["event"] == "resume")) {
            seen.trace.push_back(event);
        }
    }
    return seen;
}

// What the caller must see: the outcome, when, and how many jobs had
// released their resource by then.
struct Expected {
    std::string outcome;
    Time at;
    int released_when_heard;
    Time end;
    const char* schedule;  // the trace, one event a line (JSON Lines)
};

void check(const Seen& seen, const Expected& expected) {
    CHECK_MESSAGE(seen.outcome == expected.outcome, "the caller got \"", seen.outcome,
                  "\" from gather; expected \"", expected.outcome, "\"");
    CHECK_MESSAGE(seen.at == expected.at, "the caller heard it at ", seen.at, "; expected at ",
                  expected.at, " (the tasks run at once, and a failure is heard when it happens)");
    CHECK_MESSAGE(seen.released_when_heard == expected.released_when_heard,
                  "when the caller heard it, ", seen.released_when_heard,
                  " job(s) had released their resource; expected ", expected.released_when_heard,
                  " (gather returns or throws only once every task it started is over)");
    CHECK_MESSAGE(seen.end == expected.end, "the loop was over at ", seen.end, "; expected at ",
                  expected.end, " (a cancelled job's sleep must not keep the loop going)");
    const std::string diff = test::first_difference(test::events(expected.schedule), seen.trace);
    CHECK_MESSAGE(diff.empty(), "the schedule (task names \"job 0\", \"job 1\", ...; ",
                  "a failed job ends as \"fail\", a cancelled one as \"cancelled\"): ", diff);
}

}  // namespace

TEST_CASE("the results come in the order of the list, once the slowest is done") {
    check(run({{30s, 1, ""}, {10s, 2, ""}, {20s, 3, ""}}), {"1 2 3", 30s, 3, 30s, R"(
{"t":0,"event":"start","task":"caller"}
{"t":0,"event":"start","task":"job 0"}
{"t":0,"event":"start","task":"job 1"}
{"t":0,"event":"start","task":"job 2"}
{"t":10000,"event":"resume","task":"job 1"}
{"t":10000,"event":"end","task":"job 1"}
{"t":20000,"event":"resume","task":"job 2"}
{"t":20000,"event":"end","task":"job 2"}
{"t":30000,"event":"resume","task":"job 0"}
{"t":30000,"event":"end","task":"job 0"}
{"t":30000,"event":"end","task":"caller"}
)"});
}

TEST_CASE("the first failure cancels the others, and is thrown once they are gone") {
    check(run({{30s, 1, ""}, {10s, 2, "boom"}, {20s, 3, ""}}), {"failed: boom", 10s, 3, 10s, R"(
{"t":0,"event":"start","task":"caller"}
{"t":0,"event":"start","task":"job 0"}
{"t":0,"event":"start","task":"job 1"}
{"t":0,"event":"start","task":"job 2"}
{"t":10000,"event":"resume","task":"job 1"}
{"t":10000,"event":"fail","task":"job 1","text":"boom"}
{"t":10000,"event":"cancelled","task":"job 0"}
{"t":10000,"event":"cancelled","task":"job 2"}
{"t":10000,"event":"end","task":"caller"}
)"});
}

TEST_CASE("of two failures, the first is the one thrown") {
    check(run({{20s, 1, "second"}, {30s, 2, ""}, {10s, 3, "first"}}),
          {"failed: first", 10s, 3, 10s, R"(
{"t":0,"event":"start","task":"caller"}
{"t":0,"event":"start","task":"job 0"}
{"t":0,"event":"start","task":"job 1"}
{"t":0,"event":"start","task":"job 2"}
{"t":10000,"event":"resume","task":"job 2"}
{"t":10000,"event":"fail","task":"job 2","text":"first"}
{"t":10000,"event":"cancelled","task":"job 0"}
{"t":10000,"event":"cancelled","task":"job 1"}
{"t":10000,"event":"end","task":"caller"}
)"});
}

TEST_CASE("gather of nothing gives nothing, at once") {
    check(run({}), {"", 0s, 0, 0s, R"(
{"t":0,"event":"start","task":"caller"}
{"t":0,"event":"end","task":"caller"}
)"});
}

TEST_CASE("a caller cancelled while it waits cancels every task") {
    const Seen seen = run({{30s, 1, ""}, {10s, 2, ""}, {20s, 3, ""}}, 5s);
    CHECK_MESSAGE(seen.outcome == "cancelled", "the caller got \"", seen.outcome,
                  "\" from gather; expected it to be cancelled");
    CHECK_MESSAGE(seen.released == 3, seen.released,
                  " job(s) released their resource; expected all 3: when gather is cancelled, "
                  "every task it started is cancelled with it");
    CHECK_MESSAGE(seen.end == 5s, "the loop was over at ", seen.end,
                  "; expected at 5 s (no task of gather's outlives it)");
    const std::string diff = test::first_difference(test::events(R"(
{"t":0,"event":"start","task":"caller"}
{"t":0,"event":"start","task":"job 0"}
{"t":0,"event":"start","task":"job 1"}
{"t":0,"event":"start","task":"job 2"}
{"t":5000,"event":"cancelled","task":"caller"}
{"t":5000,"event":"cancelled","task":"job 0"}
{"t":5000,"event":"cancelled","task":"job 1"}
{"t":5000,"event":"cancelled","task":"job 2"}
)"),
                                                    seen.trace);
    CHECK_MESSAGE(diff.empty(), "the schedule: ", diff);
}

}  // namespace coop::lab06
