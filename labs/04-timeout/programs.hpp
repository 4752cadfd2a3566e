// The programs the test runs: a caller that waits for some work through your
// timeout, written once per technique.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace coop::lab04 {

struct Case {
    Duration limit{};
    Duration work_takes{};          // the work sleeps this long, then returns 42 ...
    bool work_fails = false;        // ... or fails with "boom"
    Duration cancel_caller_at{-1};  // >= 0: a timer cancels the caller then
    Duration cancel_work_at{-1};    // >= 0: a timer cancels the work then (someone else
                                    // than the alarm: it finds the task named "work")
};

// What happened.
struct Seen {
    // "42", "timed out", "failed: boom", or "cancelled" (the caller, or the
    // work, was cancelled by someone else than the alarm)
    std::string outcome;
    Time at{-1};                       // when the caller heard it
    int released = 0;                  // how often the work's resource was released ...
    int released_when_heard = -1;      // ... and how often by the time the caller heard
    Time end{};                        // the loop's clock once everything was over
    std::vector<Time> caller_resumed;  // when the caller went on after a wait (its trace)
};

struct Technique {
    std::string_view name;
    Seen (*run)(const Case& c);
};

Technique callbacks_technique();
Technique generators_technique();
Technique coroutines_technique();
Technique fibers_technique();

}  // namespace coop::lab04
