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
#include <functional>
#include <iosfwd>
#include <map>
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
    // Where the slice begins and ends among the events of its millisecond
    // (0: the first event at begin_ms or end_ms). On the virtual clock many
    // events share a time; their order is all that tells them apart.
    int begin_order = 0;
    int end_order = 0;
};

struct TaskTimeline {
    std::string task;
    std::vector<Slice> slices;  // in time order, not overlapping
};

struct Instant {
    Event event;  // a log, a reception or a failure
    int order;    // its place among the events of its millisecond
};

struct Schedule {
    std::vector<TaskTimeline> tasks;  // in order of their first event
    std::int64_t end_ms = 0;          // the trace's last event
    std::vector<Instant> instants;    // logs, receptions, failures: points in time
};

// Who spawned the tasks, which the trace does not say: it knows a task from
// its first step on, but a spawned task is ready (in the loop's ready queue)
// from its spawn until that first step.
struct Spawns {
    // Spawned before the loop ran: a scenario's tasks that start by
    // themselves, the chess tables. Ready from time 0.
    std::vector<std::string> before_the_loop;
    // Spawned by another task (task -> its spawner): ready from the moment
    // the spawner last gave control back before the task's first step (the
    // spawn itself happened while the spawner ran, at the latest then).
    std::map<std::string, std::string, std::less<>> spawner_of;
};

// Throws std::invalid_argument when the trace has no `wait` events but has
// tasks that resume: without them, when a task stopped running is unknown.
Schedule schedule_of(const Trace& trace, const Spawns& spawns = {});

// One row per task, `width` columns in all (at least 44), showing the time
// from `from_ms` to `to_ms` (to_ms <= from_ms: to the end). In each column a
// task shows what it did most importantly there: running '#', ready '-',
// sleeping '.', waiting '~'.
void write_timeline(const Schedule& schedule, std::ostream& out, int width,
                    std::int64_t from_ms = 0, std::int64_t to_ms = 0);

// The Trace Event Format (JSON) that Perfetto and chrome://tracing open: one
// row (thread) per task, a slice per running, ready, sleeping and waiting
// period, and the trace's logs and receptions as instant events.
// Its time axis is the trace's time plus the order of events: an event at
// t ms with n events before it in that millisecond is drawn at
// t × 1000 + n µs (n at most 999). So a run where nothing takes time (every
// event at 0 ms) still shows who ran after whom, each activation at least
// 1 µs wide, and a run of hours is drawn as it was, give or take a few µs.
void write_chrome_trace(const Schedule& schedule, std::ostream& out,
                        std::string_view title = "coop");

}  // namespace coop
