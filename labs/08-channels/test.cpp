// Lab 08's test: the pipeline delivers every value exactly once, every task
// ends on its own, the workers work at once, and a full channel makes the
// task sending into it wait (its trace shows it waiting on send). Each
// failure says what was expected and why.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "labs/08-channels/pipeline.hpp"

namespace coop::lab08 {

using namespace std::chrono_literals;

namespace {

struct Run {
    std::vector<std::int64_t> consumed;
    Trace trace;
    Time end{};
    std::string unfinished;  // the tasks still waiting when the loop ran dry
};

Run run(const Pipeline& p) {
    Run r;
    r.trace.record_waits(true);
    Loop loop;
    {
        coroutines::Runtime rt(loop, &r.trace);
        start_pipeline(p, rt, &r.consumed);
        loop.run();
        for (const TaskCore* task : rt.unfinished_tasks()) {
            r.unfinished += (r.unfinished.empty() ? "" : ", ") + task->name();
        }
    }
    r.end = loop.now();
    return r;
}

// Empty if the consumer got v * v for every v in 1 ... values, once each
// (in any order); otherwise the first value lost or duplicated, in words.
std::string lost_or_duplicated(const Pipeline& p, const std::vector<std::int64_t>& consumed) {
    std::map<std::int64_t, int> times;
    for (std::int64_t r : consumed) {
        ++times[r];
    }
    for (std::int64_t v = 1; v <= p.values; ++v) {
        const int n = times[v * v];
        if (n != 1) {
            return "the result of " + std::to_string(v) + " (" + std::to_string(v * v) +
                   ") reached the consumer " + std::to_string(n) + " times instead of once";
        }
        times.erase(v * v);
    }
    if (!times.empty()) {
        return "the consumer got " + std::to_string(times.begin()->first) +
               ", which is no value's result";
    }
    return "";
}

// Whether a task ever waited on send (a full channel).
bool waited_on_send(const Trace& trace, const std::string& task) {
    const std::vector<Event> events = trace.events();
    return std::any_of(events.begin(), events.end(), [&](const Event& e) {
        return e.kind == EventKind::Wait && e.task == task && e.wait == WaitingFor::Send;
    });
}

std::vector<std::string> started(const Trace& trace) {
    std::vector<std::string> names;
    for (const Event& e : trace.events()) {
        if (e.kind == EventKind::Start) {
            names.push_back(e.task);
        }
    }
    return names;
}

std::string ended_otherwise(const Trace& trace) {
    for (const Event& e : trace.events()) {
        if (e.kind == EventKind::Fail || e.kind == EventKind::Cancelled) {
            return e.task + " ended as \"" + std::string(event_name(e.kind)) + "\"" +
                   (e.text.empty() ? "" : ": " + e.text);
        }
    }
    return "";
}

void check_delivers_and_ends(const Pipeline& p) {
    CAPTURE(p.values);
    CAPTURE(p.workers);
    CAPTURE(p.capacity);
    const Run r = run(p);
    const std::string lost = lost_or_duplicated(p, r.consumed);
    CHECK_MESSAGE(lost.empty(), lost);
    CHECK_MESSAGE(r.unfinished.empty(), "the loop ran dry with tasks still waiting (", r.unfinished,
                  "): a deadlock at shutdown. Every worker must learn that no more values "
                  "come, and the consumer that every worker is done.");
    const std::string ended = ended_otherwise(r.trace);
    CHECK_MESSAGE(ended.empty(), "every task must end on its own, but ", ended);
    std::vector<std::string> names{"producer"};
    for (int w = 0; w < p.workers; ++w) {
        names.push_back("worker " + std::to_string(w));
    }
    names.push_back("consumer");
    const std::vector<std::string> seen = started(r.trace);
    std::string listed;
    for (const std::string& name : seen) {
        listed += (listed.empty() ? "" : ", ") + name;
    }
    CHECK_MESSAGE(seen == names, "the tasks started were ", (listed.empty() ? "none" : listed),
                  "; they must be \"producer\", \"worker 0\", ..., \"consumer\", spawned in "
                  "that order");
}

}  // namespace

TEST_CASE("every value comes through exactly once, and every task ends on its own") {
    check_delivers_and_ends({12, 3, 2, 3s, 1s});
    check_delivers_and_ends({1, 1, 1, 1s, 1s});
    check_delivers_and_ends({30, 4, 1, 1s, 0s});  // the consumer keeps up
    check_delivers_and_ends({25, 2, 0, 2s, 3s});  // rendezvous channels (capacity 0)
    check_delivers_and_ends({0, 3, 2, 1s, 1s});   // nothing to do: still a clean shutdown
}

TEST_CASE("a full channel stops the producer: it waits on send") {
    // Slow workers: the producer soon finds `jobs` full.
    const Pipeline p{12, 3, 2, 3s, 0s};
    const Run r = run(p);
    CHECK_MESSAGE(waited_on_send(r.trace, "producer"),
                  "the producer never waited on send: with channels of 2 values and 3 "
                  "workers taking 3 s each, it must find `jobs` full and wait until a worker "
                  "takes a value (backpressure)");
}

TEST_CASE("a slow consumer holds the workers back, not the memory") {
    // The consumer takes 5 s per result: `results` fills, the workers wait
    // on send, `jobs` fills, and the producer waits too.
    const Pipeline p{12, 3, 2, 1s, 5s};
    const Run r = run(p);
    bool a_worker_waited = false;
    for (int w = 0; w < p.workers; ++w) {
        a_worker_waited = a_worker_waited || waited_on_send(r.trace, "worker " + std::to_string(w));
    }
    CHECK_MESSAGE(a_worker_waited,
                  "no worker ever waited on send: with a consumer taking 5 s a result and "
                  "`results` holding 2, the workers must wait for it");
    CHECK_MESSAGE(waited_on_send(r.trace, "producer"),
                  "the producer never waited on send: the pipeline must push back to it");
}

TEST_CASE("the workers work at once") {
    const Pipeline p{12, 3, 2, 3s, 0s};
    const Run r = run(p);
    // One worker alone would take 12 x 3 s; three take about a third.
    CHECK_MESSAGE(r.end < 36s, "the pipeline took ", r.end,
                  "; one worker alone would take 36 s, and three must take less");
}

}  // namespace coop::lab08
