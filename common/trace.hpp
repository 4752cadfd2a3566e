// What happened, when, to which task: the record every technique writes and
// every test compares.
//
// One event per line of JSON (JSON Lines). The events are the same for every
// technique, which is what lets the shared suite demand identical schedules.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/task_state.hpp"

namespace coop {

enum class EventKind { Start, Resume, End, Cancelled, Log, Fail, Recv, Stalled, Wait, Wake };

// The name of a wait in the trace: "sleep", "yield", "join", ...
std::string_view wait_name(WaitingFor what);

std::string_view event_name(EventKind kind);

struct Event {
    std::int64_t t_ms = 0;
    EventKind kind = EventKind::Start;
    std::string task;                       // all but Stalled
    std::string text;                       // Log, Fail
    std::string chan;                       // Recv
    std::int64_t value = 0;                 // Recv
    std::vector<std::string> tasks;         // Stalled: the tasks still waiting, in spawn order
    WaitingFor wait = WaitingFor::Nothing;  // Wait
    std::int64_t until_ms = -1;             // Wait for a sleep: when the timer is due
};

class Trace {
  public:
    // start, resume, end, cancelled
    void task_event(Time t, std::string_view task, EventKind kind);
    void log(Time t, std::string_view task, std::string_view text);
    void fail(Time t, std::string_view task, std::string_view text);
    void recv(Time t, std::string_view task, std::string_view chan, std::int64_t value);
    void stalled(Time t, std::vector<std::string> waiting_tasks);

    // The pictures of a schedule (a timeline, a Chrome trace) also need to
    // know when each task gave control back and what for. Those `wait`
    // events are recorded only when asked for: the traces of the spec, which
    // the shared suite compares, do not have them.
    void record_waits(bool on) { record_waits_ = on; }
    bool records_waits() const { return record_waits_; }
    // How many times a task got control (start and resume events): the
    // number of switches from the loop to a task.
    long long activations() const;
    // A copy without the wait events: the spec's trace of the same run.
    Trace without_waits() const;
    // A task suspends now, waiting for `what`; `until` is a sleep's deadline.
    // Does nothing unless records_waits().
    void wait(Time t, std::string_view task, WaitingFor what, Time until = Time{-1});
    // A waiting task was woken by another (a join, a channel, a cancel): it
    // is ready, and goes on when its turn in the ready queue comes. (A
    // timer's task goes on at once; a yield is ready from its wait event.)
    void wake(Time t, std::string_view task);

    // Room for this many events, so that recording does not allocate.
    void reserve(std::size_t events) { events_.reserve(events); }

    const std::vector<Event>& events() const { return events_; }
    bool empty() const { return events_.empty(); }
    void clear() { events_.clear(); }

    // Each event as one JSON object per line, fields in the order of the spec.
    void write_jsonl(std::ostream& out) const;
    std::string to_jsonl() const;

  private:
    std::vector<Event> events_;
    bool record_waits_ = false;
};

nlohmann::ordered_json to_json(const Event& e);

// Parses JSON Lines (one value per non-empty line); throws std::runtime_error
// naming the line on malformed input.
std::vector<nlohmann::json> parse_jsonl(std::string_view text);

}  // namespace coop
