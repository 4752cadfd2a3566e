#include "cli/runs.hpp"

#include <iostream>
#include <utility>
#include <vector>

namespace coop::cli {

Run run_one(const TechniqueEntry& technique, const Scenario& scenario, ClockKind clock,
            bool record_waits) {
    Loop loop(clock);
    Trace trace;
    trace.record_waits(record_waits);
    const auto started = std::chrono::steady_clock::now();
    const Outcome outcome = technique.run(scenario, loop, trace);
    const auto wall = std::chrono::steady_clock::now() - started;
    return Run{technique.name, outcome, std::move(trace), loop.now(), wall};
}

std::string technique_names(std::string_view separator) {
    std::string names;
    for (const TechniqueEntry& t : all_techniques()) {
        names += (names.empty() ? "" : std::string(separator)) + std::string(t.name);
    }
    return names;
}

int usage_error(std::string_view command, const std::string& what) {
    std::cerr << "coop " << command << ": " << what << "\n(see: coop " << command << " --help)\n";
    return 2;
}

std::string_view outcome_name(Outcome outcome) {
    switch (outcome) {
        case Outcome::AllEnded:
            return "all ended";
        case Outcome::Stalled:
            return "stalled";
        case Outcome::Stopped:
            return "stopped";
    }
    return "?";
}

// Reports the first event where `other` differs from `reference`.
void report_difference(std::string_view command, const Run& reference, const Run& other) {
    const auto& a = reference.trace.events();
    const auto& b = other.trace.events();
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && to_json(a[i]) == to_json(b[i])) {
        ++i;
    }
    std::cerr << "coop " << command << ": techniques disagree: " << other.technique
              << " differs from " << reference.technique << " at event " << i + 1 << "\n";
    auto show = [&](const Run& r, const std::vector<Event>& events) {
        std::cerr << "  " << r.technique << ": "
                  << (i < events.size() ? to_json(events[i]).dump(-1, ' ', true)
                                        : std::string("(trace ends)"))
                  << "\n";
    };
    show(reference, a);
    show(other, b);
}

bool same_trace(const Trace& a_trace, const Trace& b_trace) {
    if (a_trace.size() != b_trace.size()) {
        return false;
    }
    const std::vector<Event> a = a_trace.events();
    const std::vector<Event> b = b_trace.events();
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_json(a[i]) != to_json(b[i])) {
            return false;
        }
    }
    return true;
}

}  // namespace coop::cli
