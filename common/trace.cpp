#include "common/trace.hpp"

#include <ostream>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace coop {

std::string_view event_name(EventKind kind) {
    switch (kind) {
        case EventKind::Start:
            return "start";
        case EventKind::Resume:
            return "resume";
        case EventKind::End:
            return "end";
        case EventKind::Cancelled:
            return "cancelled";
        case EventKind::Log:
            return "log";
        case EventKind::Fail:
            return "fail";
        case EventKind::Recv:
            return "recv";
        case EventKind::Stalled:
            return "stalled";
        case EventKind::Wait:
            return "wait";
        case EventKind::Wake:
            return "wake";
    }
    return "?";
}

std::string_view wait_name(WaitingFor what) {
    switch (what) {
        case WaitingFor::Nothing:
            return "nothing";
        case WaitingFor::Timer:
            return "sleep";
        case WaitingFor::Ready:
            return "yield";
        case WaitingFor::Join:
            return "join";
        case WaitingFor::Send:
            return "send";
        case WaitingFor::Recv:
            return "recv";
        case WaitingFor::Fd:
            return "fd";
    }
    return "?";
}

void Trace::task_event(Time t, std::string_view task, EventKind kind) {
    Event e;
    e.t_ms = whole_ms(t);
    e.kind = kind;
    e.task = task;
    events_.push_back(std::move(e));
}

void Trace::log(Time t, std::string_view task, std::string_view text) {
    task_event(t, task, EventKind::Log);
    events_.back().text = text;
}

void Trace::fail(Time t, std::string_view task, std::string_view text) {
    task_event(t, task, EventKind::Fail);
    events_.back().text = text;
}

void Trace::recv(Time t, std::string_view task, std::string_view chan, std::int64_t value) {
    task_event(t, task, EventKind::Recv);
    events_.back().chan = chan;
    events_.back().value = value;
}

void Trace::stalled(Time t, std::vector<std::string> waiting_tasks) {
    Event e;
    e.t_ms = whole_ms(t);
    e.kind = EventKind::Stalled;
    e.tasks = std::move(waiting_tasks);
    events_.push_back(std::move(e));
}

void Trace::wait(Time t, std::string_view task, WaitingFor what, Time until) {
    if (!record_waits_) {
        return;
    }
    task_event(t, task, EventKind::Wait);
    events_.back().wait = what;
    if (what == WaitingFor::Timer && until >= Time{}) {
        events_.back().until_ms = whole_ms(until);
    }
}

void Trace::wake(Time t, std::string_view task) {
    if (record_waits_) {
        task_event(t, task, EventKind::Wake);
    }
}

long long Trace::activations() const {
    long long n = 0;
    for (const Event& e : events_) {
        n += e.kind == EventKind::Start || e.kind == EventKind::Resume ? 1 : 0;
    }
    return n;
}

Trace Trace::without_waits() const {
    Trace plain;
    for (const Event& e : events_) {
        if (e.kind != EventKind::Wait && e.kind != EventKind::Wake) {
            plain.events_.push_back(e);
        }
    }
    return plain;
}

nlohmann::ordered_json to_json(const Event& e) {
    nlohmann::ordered_json j;
    j["t"] = e.t_ms;
    if (e.kind != EventKind::Stalled) {
        j["task"] = e.task;
    }
    j["event"] = event_name(e.kind);
    switch (e.kind) {
        case EventKind::Log:
        case EventKind::Fail:
            j["text"] = e.text;
            break;
        case EventKind::Recv:
            j["chan"] = e.chan;
            j["value"] = e.value;
            break;
        case EventKind::Stalled:
            j["tasks"] = e.tasks;
            break;
        case EventKind::Wait:
            j["for"] = wait_name(e.wait);
            if (e.until_ms >= 0) {
                j["until"] = e.until_ms;
            }
            break;
        default:
            break;
    }
    return j;
}

void Trace::write_jsonl(std::ostream& out) const {
    for (const Event& e : events_) {
        // ensure_ascii: the output is plain ASCII whatever the task names are.
        out << to_json(e).dump(-1, ' ', true) << '\n';
    }
}

std::string Trace::to_jsonl() const {
    std::ostringstream out;
    write_jsonl(out);
    return out.str();
}

std::vector<nlohmann::json> parse_jsonl(std::string_view text) {
    std::vector<nlohmann::json> values;
    std::size_t line_no = 0;
    while (!text.empty()) {
        ++line_no;
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
            continue;
        }
        try {
            values.push_back(nlohmann::json::parse(line));
        } catch (const nlohmann::json::parse_error& err) {
            throw std::runtime_error("line " + std::to_string(line_no) + ": " + err.what());
        }
    }
    return values;
}

}  // namespace coop
