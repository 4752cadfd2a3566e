// `coop compare FILE`: the scenario under every technique, one column per
// technique, one row per trace event, and the verdict. The rows agree when
// the techniques schedule alike, which is the point of the whole project;
// where they do not, the row is marked and the command exits 4.
#include "cli/compare_command.hpp"

#include <iostream>
#include <string>
#include <vector>

#include "cli/runs.hpp"
#include "common/text.hpp"

namespace coop::cli {

namespace {

constexpr std::size_t kColumn = 22;  // characters per technique

void print_compare_help(std::ostream& out) {
    out << "usage: coop compare FILE\n"
           "\n"
           "Runs the scenario in FILE with every technique, on the virtual clock, and\n"
           "prints their traces side by side: one row per event, one column per\n"
           "technique (time in ms, task, event). Rows where the techniques differ are\n"
           "marked with '!'. The last line is the verdict.\n"
           "\n"
           "exit status: 0 they agree (whether the tasks ended or stalled), 1 the system\n"
           "refused something the run needs (memory, a stack) or the output could not be\n"
           "written, 2 bad arguments or a rejected scenario (docs/semantics.md lists the\n"
           "limits), 4 they differ.\n";
}

// One event in a few words: "5 b recv ch=1".
std::string cell(const Event& e) {
    std::string text = std::to_string(e.t_ms) + " ";
    switch (e.kind) {
        case EventKind::Stalled: {
            text += "stalled:";
            for (const std::string& task : e.tasks) {
                text += " " + task;
            }
            return text;
        }
        case EventKind::Log:
        case EventKind::Fail:
            // The text is the scenario's: escaped, so that it cannot drive
            // the terminal (the column cuts it short anyway).
            return text + e.task + " " + std::string(event_name(e.kind)) + " \"" +
                   excerpt(e.text, kColumn) + "\"";
        case EventKind::Recv:
            return text + e.task + " recv " + e.chan + "=" + std::to_string(e.value);
        default:
            return text + e.task + " " + std::string(event_name(e.kind));
    }
}

std::string fit(std::string text) {
    if (text.size() > kColumn) {
        text = text.substr(0, kColumn - 3) + "...";
    }
    text.resize(kColumn, ' ');
    return text;
}

// Each technique's events, built once (Trace::events() builds them on each call).
using RunEvents = std::vector<std::vector<Event>>;

bool same_event(const RunEvents& runs, std::size_t row) {
    for (const std::vector<Event>& events : runs) {
        const std::vector<Event>& first = runs[0];
        if (row >= events.size() || row >= first.size() ||
            to_json(events[row]) != to_json(first[row])) {
            return false;
        }
    }
    return true;
}

}  // namespace

int compare_command(std::span<const std::string_view> args) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        print_compare_help(std::cout);
        return 0;
    }
    if (args.size() != 1 || args[0].starts_with("-")) {
        std::cerr << "coop compare: expected one scenario file\n(see: coop compare --help)\n";
        return 2;
    }
    const std::string file(args[0]);
    Scenario scenario;
    try {
        scenario = load_scenario_file(file);
    } catch (const ScenarioError& err) {
        std::cerr << "coop compare: " << err.what() << "\n";
        return 2;
    }

    std::vector<Run> runs;
    RunEvents events;
    std::size_t rows = 0;
    for (const TechniqueEntry& t : all_techniques()) {
        runs.push_back(run_one(t, scenario, ClockKind::Virtual));
        events.push_back(runs.back().trace.events());
        rows = std::max(rows, events.back().size());
    }

    std::string header = "     ";
    for (const Run& r : runs) {
        header += ' ' + fit(std::string(r.technique));
    }
    header.erase(header.find_last_not_of(' ') + 1);
    std::cout << excerpt(file) << "\n\n" << header << "\n";
    std::size_t first_difference = rows;
    for (std::size_t row = 0; row < rows; ++row) {
        const bool agree = same_event(events, row);
        if (!agree && first_difference == rows) {
            first_difference = row;
        }
        char number[32];
        std::snprintf(number, sizeof number, "%4zu%c", row + 1, agree ? ' ' : '!');
        std::string line = number;
        for (const std::vector<Event>& run_events : events) {
            line += ' ' + fit(row < run_events.size() ? cell(run_events[row]) : "");
        }
        line.erase(line.find_last_not_of(' ') + 1);
        std::cout << line << "\n";
    }
    std::cout << "\n";
    if (first_difference < rows) {
        std::cout << "verdict: the techniques differ, first at event " << first_difference + 1
                  << "\n";
        return 4;
    }
    std::cout << "verdict: all " << runs.size()
              << " techniques agree: " << with_thousands(static_cast<std::int64_t>(rows))
              << " events, " << outcome_name(runs[0].outcome)
              << " at t = " << with_thousands(whole_ms(runs[0].scenario_time)) << " ms\n";
    return 0;
}

}  // namespace coop::cli
