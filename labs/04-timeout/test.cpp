// Lab 04's test: in every technique, timeout gives the work's result when
// it is in time, TimedOut at the limit when it is late (the work cancelled
// and released by then), the work's failure as it happens, "cancelled" when
// someone else than the alarm cancelled the work, and no race left behind:
// the loop's clock ends when the caller is done. The caller waits for the
// race once: it goes on only when the race is settled. Each check says in
// words what it expected and why.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "labs/04-timeout/programs.hpp"
#include "tests/support.hpp"  // times printed in seconds

namespace coop::lab04 {

using namespace std::chrono_literals;

namespace {

std::vector<Technique> techniques() {
    return {callbacks_technique(), generators_technique(), coroutines_technique(),
            fibers_technique()};
}

// What the caller must see.
struct Expected {
    std::string outcome;
    Time at;
    int released_when_heard;  // -1: not checked
    Time end;
    std::string why_end;  // what would have kept the loop going
};

std::string times(const std::vector<Time>& at) {
    std::ostringstream out;
    for (std::size_t i = 0; i < at.size(); ++i) {
        out << (i == 0 ? "" : ", ") << doctest::toString(at[i]);
    }
    return at.empty() ? "never" : out.str();
}

void check(const Technique& technique, const Case& c, const Expected& expected) {
    const Seen seen = technique.run(c);
    const std::string_view name = technique.name;
    CHECK_MESSAGE(seen.outcome == expected.outcome, name, ": the caller heard \"", seen.outcome,
                  "\"; expected \"", expected.outcome, "\"");
    CHECK_MESSAGE(seen.at == expected.at, name, ": the caller heard it at ", seen.at,
                  "; expected at ", expected.at,
                  " (the work's value or failure as soon as it is there, TimedOut when the "
                  "limit is reached)");
    if (expected.released_when_heard >= 0) {
        CHECK_MESSAGE(seen.released_when_heard == expected.released_when_heard, name,
                      ": when the caller heard it, the work's resource had been released ",
                      seen.released_when_heard, " time(s); expected ", expected.released_when_heard,
                      " (timeout returns only once the work is over: joined, not just told to "
                      "stop)");
    }
    // Past the time the caller heard, something of the race was left in the
    // loop; otherwise the loop only ran until the (late) caller heard.
    const std::string why = seen.end > seen.at ? expected.why_end : "when the caller heard";
    CHECK_MESSAGE(seen.end == expected.end, name, ": the loop was over at ", seen.end,
                  "; expected at ", expected.end, " (", why, ")");
}

// The caller waits for the race, not for a clock: it goes on once, when the
// race is settled, and never to look whether the work is done yet.
void check_waits_once(const Technique& technique, const Case& c) {
    const Seen seen = technique.run(c);
    const std::vector<Time> once{seen.at};
    CHECK_MESSAGE(seen.caller_resumed == once, technique.name, ": the caller went on at ",
                  times(seen.caller_resumed), "; expected only at ", seen.at,
                  ", when it heard the outcome (join the work, and let the alarm cancel it: "
                  "the caller has nothing to do until one of them settles the race)");
}

}  // namespace

TEST_CASE("in time: the work's value as soon as it is there, and the alarm is gone") {
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.name);
        check(technique, Case{10s, 5s},
              {"42", 5s, 1, 5s,
               "the 10 s alarm was left in the loop: remove it once the work "
               "is over"});
    }
}

TEST_CASE("late: TimedOut at the limit, the work cancelled and released by then") {
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.name);
        const Case late{10s, 20s};
        check(technique, late,
              {"timed out", 10s, 1, 10s,
               "the work's 20 s sleep went on: the alarm must cancel the work"});
        CHECK_MESSAGE(technique.run(late).released == 1, technique.name,
                      ": the late work's resource must be released once, when it is cancelled");
    }
}

TEST_CASE("a failure in time is the caller's failure, when it happens") {
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.name);
        check(technique, Case{10s, 3s, true},
              {"failed: boom", 3s, 1, 3s,
               "the 10 s alarm was left in the loop: remove it however the work ends"});
    }
}

TEST_CASE("the work cancelled by someone else is not a timeout") {
    // A timer at 4 s cancels the task named "work": the alarm did not ring,
    // so the caller hears that the work was cancelled, not TimedOut.
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.name);
        Case c{10s, 20s};
        c.cancel_work_at = 4s;
        check(technique, c,
              {"cancelled", 4s, 1, 4s,
               "the 10 s alarm was left in the loop: remove it however the work ends"});
    }
}

TEST_CASE("a caller cancelled while it waits takes the work down with it") {
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.name);
        Case c{10s, 20s};
        c.cancel_caller_at = 4s;
        check(technique, c,
              {"cancelled", 4s, -1, 4s,
               "the alarm or the work's sleep was left: a cancelled caller takes both with it"});
        CHECK_MESSAGE(technique.run(c).released == 1, technique.name,
                      ": the work's resource must be released once, when the caller is "
                      "cancelled (the work goes with it)");
    }
}

TEST_CASE("the caller goes on once, when the race is settled") {
    for (const Technique& technique : techniques()) {
        CAPTURE(technique.name);
        check_waits_once(technique, Case{10s, 5s});
        check_waits_once(technique, Case{10s, 20s});
    }
}

}  // namespace coop::lab04
