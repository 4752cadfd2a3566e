#include "common/trace.hpp"

#include <cstddef>
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

void Trace::record(Time t, std::string_view task, EventKind kind) {
    recorded_.push_back(Recorded{whole_ms(t), name_id(task), kind, WaitingFor::Nothing, false});
}

Trace::Details& Trace::details() {
    recorded_.back().has_details = true;
    return details_.emplace_back();
}

Trace::NameId Trace::name_id(std::string_view name) {
    // A cache entry only says which name the characters at `where` were
    // last time: they may since belong to another string, so it counts only
    // if the kept name is still equal.
    const auto where = reinterpret_cast<std::uintptr_t>(name.data());
    CachedName& cached = cache_[(where / alignof(std::max_align_t)) % kCachedNames];
    if (cached.where == name.data() && cached.where != nullptr && names_[cached.id] == name) {
        return cached.id;
    }
    const auto found = ids_.find(name);
    const NameId id = found != ids_.end() ? found->second : add_name(name);
    cached = CachedName{name.data(), id};
    return id;
}

Trace::NameId Trace::add_name(std::string_view name) {
    const auto id = static_cast<NameId>(names_.size());
    names_.emplace_back(name);
    ids_.emplace(names_.back(), id);
    return id;
}

void Trace::task_event(Time t, std::string_view task, EventKind kind) {
    record(t, task, kind);
}

void Trace::log(Time t, std::string_view task, std::string_view text) {
    record(t, task, EventKind::Log);
    details().text = text;
}

void Trace::fail(Time t, std::string_view task, std::string_view text) {
    record(t, task, EventKind::Fail);
    details().text = text;
}

void Trace::recv(Time t, std::string_view task, std::string_view chan, std::int64_t value) {
    record(t, task, EventKind::Recv);
    const NameId chan_id = name_id(chan);
    Details& d = details();
    d.chan = chan_id;
    d.value = value;
}

void Trace::stalled(Time t, std::vector<std::string> waiting_tasks) {
    recorded_.push_back(Recorded{whole_ms(t), 0, EventKind::Stalled, WaitingFor::Nothing, false});
    details().tasks = std::move(waiting_tasks);
}

void Trace::wait(Time t, std::string_view task, WaitingFor what, Time until) {
    if (!record_waits_) {
        return;
    }
    record(t, task, EventKind::Wait);
    recorded_.back().wait = what;
    if (what == WaitingFor::Timer && until >= Time{}) {
        details().value = whole_ms(until);
    }
}

void Trace::wake(Time t, std::string_view task) {
    if (record_waits_) {
        record(t, task, EventKind::Wake);
    }
}

void Trace::clear() {
    recorded_.clear();
    details_.clear();
}

Event Trace::build(const Recorded& r, DetailsIt& next_details) const {
    Event e;
    e.t_ms = r.t_ms;
    e.kind = r.kind;
    e.wait = r.wait;
    if (r.kind != EventKind::Stalled) {
        e.task = names_[r.task];
    }
    if (!r.has_details) {
        return e;
    }
    const Details& d = *next_details++;
    switch (r.kind) {
        case EventKind::Log:
        case EventKind::Fail:
            e.text = d.text;
            break;
        case EventKind::Recv:
            e.chan = names_[d.chan];
            e.value = d.value;
            break;
        case EventKind::Stalled:
            e.tasks = d.tasks;
            break;
        case EventKind::Wait:
            e.until_ms = d.value;
            break;
        default:
            break;
    }
    return e;
}

std::vector<Event> Trace::events() const {
    std::vector<Event> events;
    events.reserve(recorded_.size());
    DetailsIt next_details = details_.begin();
    for (const Recorded& r : recorded_) {
        events.push_back(build(r, next_details));
    }
    return events;
}

long long Trace::activations() const {
    long long n = 0;
    for (const Recorded& r : recorded_) {
        n += r.kind == EventKind::Start || r.kind == EventKind::Resume ? 1 : 0;
    }
    return n;
}

void Trace::push(const Event& e) {
    const Time t = std::chrono::milliseconds(e.t_ms);
    switch (e.kind) {
        case EventKind::Log:
            log(t, e.task, e.text);
            break;
        case EventKind::Fail:
            fail(t, e.task, e.text);
            break;
        case EventKind::Recv:
            recv(t, e.task, e.chan, e.value);
            break;
        case EventKind::Stalled:
            stalled(t, e.tasks);
            break;
        default:
            task_event(t, e.task, e.kind);
            break;
    }
}

Trace Trace::without_waits() const {
    Trace plain;
    DetailsIt next_details = details_.begin();
    for (const Recorded& r : recorded_) {
        const Event e = build(r, next_details);
        if (e.kind != EventKind::Wait && e.kind != EventKind::Wake) {
            plain.push(e);
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
    DetailsIt next_details = details_.begin();
    for (const Recorded& r : recorded_) {
        // ensure_ascii: the output is plain ASCII whatever the task names are.
        out << to_json(build(r, next_details)).dump(-1, ' ', true) << '\n';
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
