#include "cli/run_command.hpp"

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/html_page.hpp"
#include "cli/runs.hpp"
#include "cli/techniques.hpp"
#include "common/scenario.hpp"
#include "common/text.hpp"

namespace coop::cli {

namespace {

// Who spawns whom in a scenario, for the pictures: the tasks that start by
// themselves are spawned before the loop runs, the others by a spawn op.
void note_spawns(const std::vector<Op>& ops, const Scenario& scenario, const std::string& spawner,
                 Spawns& spawns) {
    for (const Op& op : ops) {
        if (op.kind == OpKind::Spawn) {
            spawns.spawner_of[scenario.tasks[static_cast<std::size_t>(op.task)].name] = spawner;
        } else if (op.kind == OpKind::Repeat) {
            note_spawns(op.body, scenario, spawner, spawns);
        }
    }
}

Spawns spawns_of(const Scenario& scenario) {
    Spawns spawns;
    for (const TaskSpec& task : scenario.tasks) {
        if (task.starts_by_itself) {
            spawns.before_the_loop.push_back(task.name);
        }
        note_spawns(task.ops, scenario, task.name, spawns);
    }
    return spawns;
}

void print_run_help(std::ostream& out) {
    out << "usage: coop run [--technique NAME] [--clock virtual|real] [--summary]\n"
           "                [--timeline] [--trace FILE] [--chrome-trace FILE] [--html FILE]\n"
           "                FILE\n"
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
           "  --summary          instead of the trace, print one line per technique: the\n"
           "                     scenario time at its end, the real time it took, events\n"
        << picture_options_help()
        << "\n"
           "techniques: "
        << technique_names(" ")
        << "\n"
           "\n"
           "exit status: 0 every spawned task ended; 1 the system refused something the\n"
           "run needs (memory, a stack) or the output (or a --trace, --chrome-trace,\n"
           "--html file) could not be written; 2 bad arguments, a --trace, --chrome-trace\n"
           "or --html file that cannot be created, or a rejected scenario (message on\n"
           "standard error, nothing on standard output: docs/semantics.md lists the\n"
           "limits); 3 the trace ends with `stalled` (tasks wait for something that never\n"
           "comes); 4 techniques disagree.\n";
}

void print_summary(const std::string& file, const std::vector<Run>& runs, std::ostream& out) {
    out << excerpt(file) << ": " << runs.size()
        << (runs.size() == 1 ? " technique, " : " techniques agree, ")
        << with_thousands(static_cast<std::int64_t>(runs[0].trace.size())) << " trace events\n";
    char line[160];
    std::snprintf(line, sizeof line, "  %-20s %27s %14s  %s\n", "technique", "scenario time",
                  "real time", "outcome");
    out << line;
    for (const Run& r : runs) {
        const double wall_ms = std::chrono::duration<double, std::milli>(r.wall).count();
        const double hours = static_cast<double>(whole_ms(r.scenario_time)) / 3'600'000.0;
        std::snprintf(line, sizeof line, "  %-20.*s %15s ms (%5.2f h) %11.3f ms  %.*s\n",
                      static_cast<int>(r.technique.size()), r.technique.data(),
                      with_thousands(whole_ms(r.scenario_time)).c_str(), hours, wall_ms,
                      static_cast<int>(outcome_name(r.outcome).size()),
                      outcome_name(r.outcome).data());
        out << line;
    }
}

}  // namespace

int run_command(std::span<const std::string_view> args) {
    std::optional<std::string_view> technique_name;
    ClockKind clock = ClockKind::Virtual;
    bool summary = false;
    std::optional<std::string> file;
    PictureOptions pictures;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") {
            print_run_help(std::cout);
            return 0;
        }
        std::string error;
        if (read_picture_option(args, i, pictures, error)) {
            if (!error.empty()) {
                return usage_error("run", error);
            }
            continue;
        }
        if (arg == "--summary") {
            summary = true;
        } else if (arg == "--technique" || arg == "--clock") {
            if (i + 1 >= args.size()) {
                return usage_error("run", std::string(arg) + " needs a value");
            }
            const std::string_view value = args[++i];
            if (arg == "--technique") {
                technique_name = value;
            } else if (value == "virtual") {
                clock = ClockKind::Virtual;
            } else if (value == "real") {
                clock = ClockKind::Real;
            } else {
                return usage_error("run",
                                   "--clock is virtual or real, not '" + excerpt(value) + "'");
            }
        } else if (arg.starts_with("-") && arg != "-") {
            return usage_error("run", "unknown option '" + excerpt(arg) + "'");
        } else if (file) {
            return usage_error("run", "one scenario file at a time (got '" + excerpt(*file) +
                                          "' and '" + excerpt(arg) + "')");
        } else {
            file = std::string(arg);
        }
    }
    if (!file) {
        return usage_error("run", "no scenario file given");
    }

    std::vector<TechniqueEntry> chosen;
    for (const TechniqueEntry& t : all_techniques()) {
        if (!technique_name || t.name == *technique_name) {
            chosen.push_back(t);
        }
    }
    if (chosen.empty()) {
        return usage_error("run", technique_name
                                      ? "no technique named '" + std::string(*technique_name) +
                                            "' (known: " + technique_names(", ") + ")"
                                      : std::string("no technique is built"));
    }
    if (clock == ClockKind::Real && chosen.size() > 1) {
        return usage_error(
            "run", "--clock real needs --technique NAME (real timings differ between runs)");
    }

    if (const std::string error = check_picture_files(pictures); !error.empty()) {
        return usage_error("run", error);
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
        runs.push_back(run_one(t, scenario, clock, pictures.wanted()));
    }
    if (!pictures.html_file.empty()) {
        // Each technique runs once more, watched step by step: the page
        // shows their frames (even, side by side, where they disagree).
        SchedulePage page{*file, {}};
        for (const TechniqueEntry& t : chosen) {
            page.runs.push_back(
                run_stepped(t, scenario, clock, page_frame_limit(scenario.tasks.size())));
        }
        if (const std::string error = write_schedule_page(pictures.html_file, page);
            !error.empty()) {
            std::cerr << "coop run: " << error << "\n";
            return 1;
        }
    }
    for (std::size_t i = 1; i < runs.size(); ++i) {
        if (!same_trace(runs[0].trace, runs[i].trace)) {
            report_difference("run", runs[0], runs[i]);
            return 4;
        }
    }
    if (summary) {
        print_summary(*file, runs, std::cout);
    } else if (!pictures.timeline) {
        runs[0].trace.without_waits().write_jsonl(std::cout);
    }
    if (pictures.wanted()) {
        const std::string error =
            draw_pictures(runs[0].trace, spawns_of(scenario), pictures,
                          excerpt(*file) + " (" + std::string(runs[0].technique) + ")", std::cout);
        if (!error.empty()) {
            std::cerr << "coop run: " << error << "\n";
            return 1;
        }
    }
    std::cout.flush();
    return exit_status(runs[0].outcome);
}

}  // namespace coop::cli
