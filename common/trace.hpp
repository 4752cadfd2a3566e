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

namespace coop {

enum class EventKind { Start, Resume, End, Cancelled, Log, Fail, Recv, Stalled };

std::string_view event_name(EventKind kind);

struct Event {
    std::int64_t t_ms = 0;
    EventKind kind = EventKind::Start;
    std::string task;                // all but Stalled
    std::string text;                // Log, Fail
    std::string chan;                // Recv
    std::int64_t value = 0;          // Recv
    std::vector<std::string> tasks;  // Stalled: the tasks still waiting, in spawn order
};

class Trace {
  public:
    // start, resume, end, cancelled
    void task_event(Time t, std::string_view task, EventKind kind);
    void log(Time t, std::string_view task, std::string_view text);
    void fail(Time t, std::string_view task, std::string_view text);
    void recv(Time t, std::string_view task, std::string_view chan, std::int64_t value);
    void stalled(Time t, std::vector<std::string> waiting_tasks);

    const std::vector<Event>& events() const { return events_; }
    bool empty() const { return events_.empty(); }
    void clear() { events_.clear(); }

    // Each event as one JSON object per line, fields in the order of the spec.
    void write_jsonl(std::ostream& out) const;
    std::string to_jsonl() const;

  private:
    std::vector<Event> events_;
};

nlohmann::ordered_json to_json(const Event& e);

// Parses JSON Lines (one value per non-empty line); throws std::runtime_error
// naming the line on malformed input.
std::vector<nlohmann::json> parse_jsonl(std::string_view text);

}  // namespace coop
