// Pictures of a schedule: what each task was doing, when.
//
// A trace with its `wait` events (Trace::record_waits) says when each task
// got control (start, resume), when it gave it back and what for (wait), and
// when it finished. Between those events a task is in one of four states:
//
//   running    its code is on the CPU (on the virtual clock: busy work)
//   ready      it could go on, but waits its turn in the loop's ready queue
//              (a sleep whose deadline has passed, a yield, a woken task)
//   sleeping   waiting for a timer
//   waiting    waiting for another task, a channel or a file descriptor
//
// schedule_of() turns the trace into those slices; the timeline (a terminal
// chart) and the Chrome trace (for Perfetto or chrome://tracing) draw them.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "common/trace.hpp"

namespace coop {

enum class TaskActivity { Running, Ready, Sleeping, Waiting };
std::string_view activity_name(TaskActivity activity);

struct Slice {
    TaskActivity activity;
    std::int64_t begin_ms;
    std::int64_t end_ms;  // >= begin_ms; a running slice may take no time
    std::string detail;   // what it waited for: "sleep", "join", "recv", ...
};

struct TaskTimeline {
    std::string task;
    std::vector<Slice> slices;  // in time order, not overlapping
};

struct Schedule {
    std::vector<TaskTimeline> tasks;  // in order of their first event
    std::int64_t end_ms = 0;          // the trace's last event
    std::vector<Event> instants;      // logs, receptions, failures: points in time
};

// Throws std::invalid_argument when the trace has no `wait` events but has
// tasks that resume: without them, when a task stopped running is unknown.
Schedule schedule_of(const Trace& trace);

// One row per task, `width` columns in all (at least 44), showing the time
// from `from_ms` to `to_ms` (to_ms <= from_ms: to the end). In each column a
// task shows what it did most importantly there: running '#', ready '-',
// sleeping '.', waiting '~'.
void write_timeline(const Schedule& schedule, std::ostream& out, int width,
                    std::int64_t from_ms = 0, std::int64_t to_ms = 0);

// The Trace Event Format (JSON) that Perfetto and chrome://tracing open: one
// row (thread) per task, a slice per running, ready, sleeping and waiting
// period, and the trace's logs and receptions as instant events.
void write_chrome_trace(const Schedule& schedule, std::ostream& out,
                        std::string_view title = "coop");

}  // namespace coop
