// What happened, when, to which task: the record every technique writes and
// every test compares.
//
// One event per line of JSON (JSON Lines). The events are the same for every
// technique, which is what lets the shared suite demand identical schedules.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/task_state.hpp"

namespace coop {

enum class EventKind : std::uint8_t {
    Start,
    Resume,
    End,
    Cancelled,
    Log,
    Fail,
    Recv,
    Stalled,
    Wait,
    Wake
};

// The name of a wait in the trace: "sleep", "yield", "join", ...
std::string_view wait_name(WaitingFor what);

std::string_view event_name(EventKind kind);

// One event as the readers see it (Trace::events() builds them).
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

// Recording is on the path of every switch (a traced yield records one
// event), while reading happens once, after the run. So a Trace records in a
// compact form and builds Events, with their strings, only when read:
// - an event is 16 bytes (an Event is 160): a time, the task's number in a
//   table of names kept once, and the kind. A million events fill 16 MB
//   instead of 160 MB, and filling fresh memory (the kernel's page faults,
//   the vector's moves as it grows) was most of what recording cost;
// - what few events carry besides (a log's text, a reception's channel and
//   value, a sleep's deadline, a stall's tasks) goes, in order, to a second
//   vector, and the event's `has_details` says it has an entry there;
// - names are looked up through a small cache keyed by where the caller's
//   string lives (a task's name stays put while it lives), checked against
//   the kept name, so that most events hash nothing.
// JSON is made only when the trace is written.
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
    void reserve(std::size_t events) { recorded_.reserve(events); }

    // The events, in the order they happened (built on each call: keep the
    // result rather than calling it again).
    std::vector<Event> events() const;
    std::size_t size() const { return recorded_.size(); }
    bool empty() const { return recorded_.empty(); }
    void clear();

    // Each event as one JSON object per line, fields in the order of the spec.
    void write_jsonl(std::ostream& out) const;
    std::string to_jsonl() const;

  private:
    using NameId = std::uint32_t;
    struct Recorded {
        std::int64_t t_ms;
        NameId task;  // in names_ (0 for Stalled)
        EventKind kind;
        WaitingFor wait;   // Wait
        bool has_details;  // the next entry of details_ is this event's
    };
    static_assert(sizeof(Recorded) == 16);
    // Log and Fail: text; Recv: chan and value; Wait: until_ms in value;
    // Stalled: tasks.
    struct Details {
        std::string text;
        NameId chan = 0;
        std::int64_t value = 0;
        std::vector<std::string> tasks;
    };

    using DetailsIt = std::vector<Details>::const_iterator;

    void record(Time t, std::string_view task, EventKind kind);
    // The readable form of a recorded event; `next_details` walks details_
    // along with the events.
    Event build(const Recorded& r, DetailsIt& next_details) const;
    Details& details();  // of the event recorded last
    NameId name_id(std::string_view name);
    NameId add_name(std::string_view name);
    void push(const Event& e);  // records a built event again (without_waits)

    struct ViewHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct CachedName {
        const char* where = nullptr;  // the caller's string's characters
        NameId id = 0;
    };
    static constexpr std::size_t kCachedNames = 64;

    std::vector<Recorded> recorded_;
    std::vector<Details> details_;
    // Each name twice (they are few): by id, and to find its id. Both own
    // their strings, so a Trace copies like any value.
    std::vector<std::string> names_;
    std::unordered_map<std::string, NameId, ViewHash, std::equal_to<>> ids_;
    std::array<CachedName, kCachedNames> cache_{};
    bool record_waits_ = false;
};

nlohmann::ordered_json to_json(const Event& e);

// Parses JSON Lines (one value per non-empty line); throws std::runtime_error
// naming the line on malformed input.
std::vector<nlohmann::json> parse_jsonl(std::string_view text);

}  // namespace coop
