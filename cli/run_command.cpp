#include "cli/run_command.hpp"

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/techniques.hpp"
#include "common/scenario.hpp"

namespace coop::cli {

namespace {

void print_run_help(std::ostream& out) {
    out << "usage: coop run [--technique NAME] [--clock virtual|real] FILE\n"
           "\n"
           "Runs the scenario in FILE and prints its trace (JSON Lines) on standard output.\n"
           "\n"
           "  --technique NAME   run only this technique; without it every technique runs,\n"
           "                     the trace is printed once if they all agree, and the first\n"
           "                     difference is reported otherwise (exit 4)\n"
           "  --clock virtual    (default) time jumps ahead when every task waits: a run of\n"
           "                     hours of scenario time takes milliseconds\n"
           "  --clock real       the steady clock: sleeps and busy work take real time\n"
           "                     (needs --technique: real timings differ between runs)\n"
           "\n"
           "techniques:";
    for (const TechniqueEntry& t : all_techniques()) {
        out << ' ' << t.name;
    }
    out << "\n"
           "\n"
           "exit status: 0 every spawned task ended, 2 bad arguments or a rejected scenario\n"
           "(message on standard error, nothing on standard output), 3 the trace ends with\n"
           "`stalled` (tasks wait for something that never comes), 4 techniques disagree.\n";
}

int usage_error(const std::string& what) {
    std::cerr << "coop run: " << what << "\n(see: coop run --help)\n";
    return 2;
}

struct Run {
    std::string_view technique;
    Outcome outcome;
    Trace trace;
};

Run run_one(const TechniqueEntry& technique, const Scenario& scenario, ClockKind clock) {
    Loop loop(clock);
    Trace trace;
    const Outcome outcome = technique.run(scenario, loop, trace);
    return Run{technique.name, outcome, std::move(trace)};
}

// Reports the first event where `other` differs from `reference`.
void report_difference(const Run& reference, const Run& other) {
    const auto& a = reference.trace.events();
    const auto& b = other.trace.events();
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && to_json(a[i]) == to_json(b[i])) {
        ++i;
    }
    std::cerr << "coop run: techniques disagree: " << other.technique << " differs from "
              << reference.technique << " at event " << i + 1 << "\n";
    auto show = [&](const Run& r, const std::vector<Event>& events) {
        std::cerr << "  " << r.technique << ": "
                  << (i < events.size() ? to_json(events[i]).dump(-1, ' ', true)
                                        : std::string("(trace ends)"))
                  << "\n";
    };
    show(reference, a);
    show(other, b);
}

bool same_trace(const Trace& a, const Trace& b) {
    if (a.events().size() != b.events().size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.events().size(); ++i) {
        if (to_json(a.events()[i]) != to_json(b.events()[i])) {
            return false;
        }
    }
    return true;
}

}  // namespace

int run_command(std::span<const std::string_view> args) {
    std::optional<std::string_view> technique_name;
    ClockKind clock = ClockKind::Virtual;
    std::optional<std::string> file;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") {
            print_run_help(std::cout);
            return 0;
        }
        if (arg == "--technique" || arg == "--clock") {
            if (i + 1 >= args.size()) {
                return usage_error(std::string(arg) + " needs a value");
            }
            const std::string_view value = args[++i];
            if (arg == "--technique") {
                technique_name = value;
            } else if (value == "virtual") {
                clock = ClockKind::Virtual;
            } else if (value == "real") {
                clock = ClockKind::Real;
            } else {
                return usage_error("--clock is virtual or real, not '" + std::string(value) + "'");
            }
        } else if (arg.starts_with("-") && arg != "-") {
            return usage_error("unknown option '" + std::string(arg) + "'");
        } else if (file) {
            return usage_error("one scenario file at a time (got '" + *file + "' and '" +
                               std::string(arg) + "')");
        } else {
            file = std::string(arg);
        }
    }
    if (!file) {
        return usage_error("no scenario file given");
    }

    std::vector<TechniqueEntry> chosen;
    for (const TechniqueEntry& t : all_techniques()) {
        if (!technique_name || t.name == *technique_name) {
            chosen.push_back(t);
        }
    }
    if (chosen.empty()) {
        std::string known;
        for (const TechniqueEntry& t : all_techniques()) {
            known += (known.empty() ? "" : ", ") + std::string(t.name);
        }
        return usage_error(technique_name ? "no technique named '" + std::string(*technique_name) +
                                                "' (known: " + known + ")"
                                          : std::string("no technique is built"));
    }
    if (clock == ClockKind::Real && chosen.size() > 1) {
        return usage_error(
            "--clock real needs --technique NAME (real timings differ between runs)");
    }

    Scenario scenario;
    try {
        scenario = load_scenario_file(*file);
    } catch (const ScenarioError& err) {
        std::cerr << "coop run: " << err.what() << "\n";
        return 2;
    }

    std::vector<Run> runs;
    for (const TechniqueEntry& t : chosen) {
        runs.push_back(run_one(t, scenario, clock));
    }
    for (std::size_t i = 1; i < runs.size(); ++i) {
        if (!same_trace(runs[0].trace, runs[i].trace)) {
            report_difference(runs[0], runs[i]);
            return 4;
        }
    }
    runs[0].trace.write_jsonl(std::cout);
    std::cout.flush();
    return exit_status(runs[0].outcome);
}

}  // namespace coop::cli
