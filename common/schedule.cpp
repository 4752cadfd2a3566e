#include "common/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <ostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace coop {

std::string_view activity_name(TaskActivity activity) {
    switch (activity) {
        case TaskActivity::Running:
            return "running";
        case TaskActivity::Ready:
            return "ready";
        case TaskActivity::Sleeping:
            return "sleeping";
        case TaskActivity::Waiting:
            return "waiting";
    }
    return "?";
}

namespace {

// What a task is doing since its last event; `until` is a sleep's deadline.
struct Current {
    bool known = false;
    TaskActivity activity = TaskActivity::Running;
    std::int64_t since = 0;
    std::int64_t until = -1;
    std::string detail;
    int since_order = 0;
};

// A point of the trace: a time, and the place among that time's events.
struct Moment {
    std::int64_t t;
    int order;
};

// Ends the current slice at `at`. A sleep whose deadline passed before the
// task got control again was, from its deadline on, only waiting its turn:
// that part is a ready slice.
void close_slice(TaskTimeline& row, Current& now, Moment at) {
    if (!now.known) {
        return;
    }
    now.known = false;
    if (now.activity == TaskActivity::Sleeping && now.until >= now.since && now.until < at.t) {
        row.slices.push_back(
            Slice{TaskActivity::Sleeping, now.since, now.until, now.detail, now.since_order, 0});
        row.slices.push_back(Slice{TaskActivity::Ready, now.until, at.t, "timer due", 0, at.order});
        return;
    }
    row.slices.push_back(
        Slice{now.activity, now.since, at.t, now.detail, now.since_order, at.order});
}

// Draws a spawned task as ready from `since` to its first event.
void add_ready_before_start(TaskTimeline& row, Moment since) {
    if (row.slices.empty()) {
        return;  // cancelled before it started: its only event ends nothing
    }
    const Slice& first = row.slices.front();
    if (first.begin_ms > since.t ||
        (first.begin_ms == since.t && first.begin_order > since.order)) {
        row.slices.insert(row.slices.begin(), Slice{TaskActivity::Ready, since.t, first.begin_ms,
                                                    "spawned", since.order, first.begin_order});
    }
}

TaskActivity activity_of_wait(WaitingFor what) {
    switch (what) {
        case WaitingFor::Timer:
            return TaskActivity::Sleeping;
        case WaitingFor::Ready:
            return TaskActivity::Ready;
        default:
            return TaskActivity::Waiting;
    }
}

}  // namespace

Schedule schedule_of(const Trace& trace, const Spawns& spawns) {
    Schedule schedule;
    std::map<std::string, std::size_t, std::less<>> row_of;
    std::vector<Current> current;
    // When each task gave control back (a wait, its end): a task it spawned
    // was ready from then on at the latest.
    std::vector<std::vector<Moment>> gave_back;
    bool saw_wait = false;
    bool saw_resume = false;
    std::int64_t last_t = 0;
    int order = -1;

    auto row = [&](std::string_view task) {
        auto it = row_of.find(task);
        if (it == row_of.end()) {
            it = row_of.emplace(std::string(task), schedule.tasks.size()).first;
            schedule.tasks.push_back(TaskTimeline{std::string(task), {}});
            current.emplace_back();
            gave_back.emplace_back();
        }
        return it->second;
    };

    for (const Event& e : trace.events()) {
        const std::int64_t t = e.t_ms;
        order = t == last_t ? order + 1 : 0;
        last_t = t;
        const Moment at{t, order};
        schedule.end_ms = std::max(schedule.end_ms, t);
        if (e.kind == EventKind::Stalled) {
            for (const std::string& task : e.tasks) {
                const std::size_t i = row(task);
                close_slice(schedule.tasks[i], current[i], at);
            }
            continue;
        }
        const std::size_t i = row(e.task);
        Current& now = current[i];
        switch (e.kind) {
            case EventKind::Resume:
                saw_resume = true;
                [[fallthrough]];
            case EventKind::Start:
                close_slice(schedule.tasks[i], now, at);
                now = Current{true, TaskActivity::Running, t, -1, {}, order};
                break;
            case EventKind::Wait:
                saw_wait = true;
                close_slice(schedule.tasks[i], now, at);
                gave_back[i].push_back(at);
                now = Current{true,       activity_of_wait(e.wait),       t,
                              e.until_ms, std::string(wait_name(e.wait)), order};
                break;
            case EventKind::Wake:
                close_slice(schedule.tasks[i], now, at);
                now = Current{true, TaskActivity::Ready, t, -1, "woken", order};
                break;
            case EventKind::End:
            case EventKind::Cancelled:
                close_slice(schedule.tasks[i], now, at);
                gave_back[i].push_back(at);
                break;
            case EventKind::Fail:
                close_slice(schedule.tasks[i], now, at);
                gave_back[i].push_back(at);
                schedule.instants.push_back(Instant{e, order});
                break;
            case EventKind::Log:
            case EventKind::Recv:
                schedule.instants.push_back(Instant{e, order});
                break;
            case EventKind::Stalled:
                break;
        }
    }
    if (saw_resume && !saw_wait) {
        throw std::invalid_argument(
            "the trace has no wait events: record them (Trace::record_waits) to draw it");
    }
    for (std::size_t i = 0; i < current.size(); ++i) {
        close_slice(schedule.tasks[i], current[i], Moment{schedule.end_ms, order + 1});
    }

    for (const std::string& task : spawns.before_the_loop) {
        if (const auto it = row_of.find(task); it != row_of.end()) {
            add_ready_before_start(schedule.tasks[it->second], Moment{0, 0});
        }
    }
    for (const auto& [task, spawner] : spawns.spawner_of) {
        const auto child = row_of.find(task);
        const auto parent = row_of.find(spawner);
        if (child == row_of.end() || parent == row_of.end() ||
            schedule.tasks[child->second].slices.empty()) {
            continue;
        }
        const Slice& first = schedule.tasks[child->second].slices.front();
        std::optional<Moment> since;
        for (const Moment& m : gave_back[parent->second]) {
            if (m.t < first.begin_ms || (m.t == first.begin_ms && m.order < first.begin_order)) {
                since = m;
            }
        }
        if (since) {
            add_ready_before_start(schedule.tasks[child->second], *since);
        }
    }
    return schedule;
}

// --- the timeline ---------------------------------------------------------

namespace {

char mark_of(TaskActivity activity) {
    switch (activity) {
        case TaskActivity::Running:
            return '#';
        case TaskActivity::Ready:
            return '-';
        case TaskActivity::Sleeping:
            return '.';
        case TaskActivity::Waiting:
            return '~';
    }
    return '?';
}

// Which activity a cell shows when several share it: running first (it is
// what the chart is about), then ready, waiting, sleeping.
int importance(TaskActivity activity) {
    switch (activity) {
        case TaskActivity::Running:
            return 4;
        case TaskActivity::Ready:
            return 3;
        case TaskActivity::Waiting:
            return 2;
        case TaskActivity::Sleeping:
            return 1;
    }
    return 0;
}

std::string time_label(std::int64_t ms, std::int64_t span_ms) {
    char text[48];
    if (span_ms >= 10'000) {
        std::snprintf(text, sizeof text, "%.0f s", static_cast<double>(ms) / 1000.0);
    } else {
        std::snprintf(text, sizeof text, "%lld ms", static_cast<long long>(ms));
    }
    return text;
}

}  // namespace

void write_timeline(const Schedule& schedule, std::ostream& out, int width, std::int64_t from_ms,
                    std::int64_t to_ms) {
    if (to_ms <= from_ms) {
        to_ms = std::max(schedule.end_ms, from_ms + 1);
    }
    std::size_t label = 4;
    for (const TaskTimeline& row : schedule.tasks) {
        label = std::max(label, std::min<std::size_t>(row.task.size(), 16));
    }
    const int columns = std::max(width, 44) - static_cast<int>(label) - 2;
    const std::int64_t span = to_ms - from_ms;
    // Column c shows the times from cell_begin(c) up to cell_begin(c + 1).
    auto cell_begin = [&](int c) {
        return static_cast<double>(from_ms) +
               static_cast<double>(span) * c / static_cast<double>(columns);
    };

    char head[160];
    const double column_ms = static_cast<double>(span) / columns;
    char column[48];
    if (span >= 10'000) {
        std::snprintf(column, sizeof column, "%.3g s", column_ms / 1000.0);
    } else {
        std::snprintf(column, sizeof column, "%.3g ms", column_ms);
    }
    std::snprintf(head, sizeof head, "%s to %s, one column = %s\n",
                  time_label(from_ms, span).c_str(), time_label(to_ms, span).c_str(), column);
    out << head;
    out << "# running  - ready  . sleeping  ~ waiting\n";

    for (const TaskTimeline& row : schedule.tasks) {
        // A cell shows the activity that fills most of its time, counting
        // "not started or done" too; ties go to the more important one. A
        // task that ran without taking time (no busy work) still shows as
        // running in the cell of that moment.
        std::string cells(static_cast<std::size_t>(columns), ' ');
        for (int c = 0; c < columns; ++c) {
            // Columns may be shorter than the trace's millisecond, so their
            // bounds are fractions.
            const double b = cell_begin(c);
            const double e = cell_begin(c + 1);
            double share[5] = {0, 0, 0, 0, 0};  // by importance; [0]: nothing
            int instant = 0;
            for (const Slice& slice : row.slices) {
                const double begin = static_cast<double>(slice.begin_ms);
                const double end = static_cast<double>(slice.end_ms);
                const double overlap = std::min(end, e) - std::max(begin, b);
                if (overlap > 0) {
                    share[importance(slice.activity)] += overlap;
                } else if (begin == end && begin >= b && begin < e) {
                    instant = std::max(instant, importance(slice.activity));
                }
            }
            share[0] = (e - b) - (share[1] + share[2] + share[3] + share[4]);
            int best = 0;
            for (int k = 1; k <= 4; ++k) {
                if (share[k] > 0 && share[k] >= share[best]) {
                    best = k;
                }
            }
            if (best == 0 || instant == importance(TaskActivity::Running)) {
                best = std::max(best, instant);
            }
            const TaskActivity by_importance[] = {TaskActivity::Sleeping, TaskActivity::Waiting,
                                                  TaskActivity::Ready, TaskActivity::Running};
            cells[static_cast<std::size_t>(c)] = best == 0 ? ' ' : mark_of(by_importance[best - 1]);
        }
        std::string name = row.task.substr(0, label);
        name.resize(label, ' ');
        out << name << " |" << cells << "\n";
    }

    // The time axis: a tick at the start, the quarters and the end.
    std::string axis(static_cast<std::size_t>(columns) + 12, ' ');
    for (int q = 0; q <= 4; ++q) {
        const int c = q == 4 ? columns - 1 : columns * q / 4;
        const std::string text =
            time_label(static_cast<std::int64_t>(std::llround(cell_begin(c))), span);
        std::size_t at = static_cast<std::size_t>(c);
        if (q == 4 && at + 1 >= text.size()) {
            at = at + 1 - text.size();  // the last label ends at the last column
        }
        axis.replace(at, text.size(), text);
    }
    while (!axis.empty() && axis.back() == ' ') {
        axis.pop_back();
    }
    out << std::string(label + 2, ' ') << axis << "\n";
}

// --- the Chrome trace -----------------------------------------------------

namespace {

// Microseconds on the Chrome trace's axis: the time, plus the event's place
// in its millisecond (see schedule.hpp).
std::int64_t chrome_time_us(std::int64_t t_ms, int order) {
    return t_ms * 1000 + std::min(order, 999);
}

}  // namespace

void write_chrome_trace(const Schedule& schedule, std::ostream& out, std::string_view title) {
    using nlohmann::ordered_json;
    ordered_json events = ordered_json::array();
    events.push_back({{"name", "process_name"},
                      {"ph", "M"},
                      {"pid", 1},
                      {"tid", 0},
                      {"args", {{"name", std::string(title)}}}});
    std::map<std::string, int, std::less<>> tid_of;
    int tid = 0;
    for (const TaskTimeline& row : schedule.tasks) {
        tid_of[row.task] = ++tid;
        events.push_back({{"name", "thread_name"},
                          {"ph", "M"},
                          {"pid", 1},
                          {"tid", tid},
                          {"args", {{"name", row.task}}}});
        events.push_back({{"name", "thread_sort_index"},
                          {"ph", "M"},
                          {"pid", 1},
                          {"tid", tid},
                          {"args", {{"sort_index", tid}}}});
        for (const Slice& slice : row.slices) {
            std::string name(activity_name(slice.activity));
            if (slice.activity == TaskActivity::Waiting) {
                name += ": " + slice.detail;  // join, send, recv, fd
            }
            // Times in the format are microseconds; the trace's are ms.
            const std::int64_t begin = chrome_time_us(slice.begin_ms, slice.begin_order);
            const std::int64_t end = chrome_time_us(slice.end_ms, slice.end_order);
            ordered_json x = {{"name", std::move(name)},
                              {"cat", std::string(activity_name(slice.activity))},
                              {"ph", "X"},
                              {"ts", begin},
                              {"dur", end - begin},
                              {"pid", 1},
                              {"tid", tid}};
            if (!slice.detail.empty()) {
                x["args"] = {{"for", slice.detail}};
            }
            events.push_back(std::move(x));
        }
    }
    for (const Instant& instant : schedule.instants) {
        const Event& e = instant.event;
        ordered_json args = to_json(e);
        events.push_back({{"name", std::string(event_name(e.kind))},
                          {"ph", "i"},
                          {"s", "t"},
                          {"ts", chrome_time_us(e.t_ms, instant.order)},
                          {"pid", 1},
                          {"tid", tid_of[e.task]},
                          {"args", std::move(args)}});
    }
    ordered_json doc = {{"displayTimeUnit", "ms"}, {"traceEvents", std::move(events)}};
    out << doc.dump(-1, ' ', true) << "\n";
}

}  // namespace coop
