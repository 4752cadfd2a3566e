// Lab 06's test: gather gives every result in order once the slowest is
// done, and on the first failure cancels the rest and throws it, with the
// others' destructors already run; nothing is left in the loop afterwards.
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
    Time end{};  // the loop's clock once everything was over
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
    {
        coroutines::Runtime rt(loop);
        coroutines::TaskHandle waiting = rt.spawn("caller", caller(std::move(jobs), &seen));
        if (cancel_caller_at >= Duration::zero()) {
            loop.call_later(cancel_caller_at, [&rt, waiting] { rt.cancel(waiting); });
        }
        loop.run();
        CHECK(rt.unfinished_tasks().empty());
    }
    seen.end = loop.now();
    return seen;
}

}  // namespace

TEST_CASE("the results come in the order of the list, once the slowest is done") {
    const Seen seen = run({{30s, 1, ""}, {10s, 2, ""}, {20s, 3, ""}});
    CHECK(seen.outcome == "1 2 3");
    CHECK(seen.at == 30s);  // at once: one after another would take 60 s
    CHECK(seen.released_when_heard == 3);
    CHECK(seen.end == 30s);
}

TEST_CASE("the first failure cancels the others, and is thrown once they are gone") {
    const Seen seen = run({{30s, 1, ""}, {10s, 2, "boom"}, {20s, 3, ""}});
    CHECK(seen.outcome == "failed: boom");
    CHECK(seen.at == 10s);
    CHECK(seen.released_when_heard == 3);  // the two cancelled jobs' destructors ran
    CHECK(seen.end == 10s);                // their sleeps were removed
}

TEST_CASE("of two failures, the first is the one thrown") {
    const Seen seen = run({{20s, 1, "second"}, {30s, 2, ""}, {10s, 3, "first"}});
    CHECK(seen.outcome == "failed: first");
    CHECK(seen.at == 10s);
    CHECK(seen.released_when_heard == 3);
    CHECK(seen.end == 10s);
}

TEST_CASE("gather of nothing gives nothing, at once") {
    const Seen seen = run({});
    CHECK(seen.outcome.empty());
    CHECK(seen.at == 0s);
}

TEST_CASE("a caller cancelled while it waits cancels every task") {
    const Seen seen = run({{30s, 1, ""}, {10s, 2, ""}, {20s, 3, ""}}, 5s);
    CHECK(seen.outcome == "cancelled");
    CHECK(seen.at == 5s);
    CHECK(seen.released == 3);
    CHECK(seen.end == 5s);
}

}  // namespace coop::lab06
