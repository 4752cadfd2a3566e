// `coop chess`: the exhibition played one game after another, by each of the
// five cooperative techniques, by threads and by processes, in one table.
#include "cli/chess_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/chess_real_clock.hpp"
#include "cli/heap_meter.hpp"
#include "cli/html_page.hpp"
#include "cli/runs.hpp"
#include "cli/step_command.hpp"
#include "cli/techniques.hpp"
#include "common/text.hpp"
#include "fibers/stack.hpp"
#include "os/chess.hpp"

namespace coop::cli {

namespace {

using namespace std::chrono_literals;

void print_chess_help(std::ostream& out) {
    out << "usage: coop chess [OPTIONS]\n"
           "\n"
           "A chess master plays 24 opponents at once: she moves in 5 s, each opponent\n"
           "answers in 55 s, 30 move pairs a game. Plays it one game after another, with\n"
           "each cooperative technique (one master walking from table to table), with a\n"
           "thread per table and with a process per table, and prints one row for each.\n"
           "\n"
           "  --clock virtual    (default) the cooperative versions run on the virtual\n"
           "                     clock: hours of play in milliseconds\n"
           "  --clock real       they also run on the real clock, scaled by --scale, all\n"
           "                     at once (a process each): their rows show the real-clock\n"
           "                     runs. The synchronous row stays on the virtual clock (on\n"
           "                     the real one it would only sleep: 43 s at 1ms)\n"
           "  --scale D          real time per simulated second for the real-clock runs\n"
           "                     (threads and processes always are): default 100us;\n"
           "                     with 1ms each run lasts about 4 s (3,655 s of play and\n"
           "                     each sleep's lateness), the whole command about 6 s\n"
           "  --tables N         number of opponents (default 24)\n"
           "  --moves N          move pairs per game (default 30)\n"
           "  --master-move D    how long the master takes per move (default 5s)\n"
           "  --opponent-move D  how long an opponent takes per move (default 55s)\n"
           "  --technique NAME   only this cooperative technique (the pictures below show\n"
           "                     its run; without it, the first one's)\n"
           "  --no-os            leave out the threads and processes\n"
           "  --step             instead of the table, step through the exhibition of one\n"
           "                     technique (--technique, default coroutines) as coop step\n"
           "                     does: the loop's queues and timers at each step (keys:\n"
           "                     Enter or space next, b back, g go to step N, e go to\n"
           "                     the step that writes trace event N, q quit)\n"
           "  --frames N         with --step: print the first N frames on standard output\n"
           "                     instead, without a terminal (N from 1 to 10,000)\n"
        << picture_options_help()
        << "\n"
           "Durations D are like 5s, 100ms, 250us, 1.5min.\n"
           "\n"
           "The cooperative versions must agree event for event on the virtual clock.\n"
           "Real-clock runs jitter (every sleep ends a little late), so they are not\n"
           "compared event by event: each must keep every table's events in their\n"
           "order and make as many task switches as on the virtual clock.\n"
           "\n"
           "exit status: 0 done, 1 the system refused a thread, a process or memory, or\n"
           "the output (or a --trace, --chrome-trace, --html file) could not be written,\n"
           "2 bad arguments or a --trace, --chrome-trace, --html file that cannot be\n"
           "created, --step without --frames and not on a terminal, 4 the techniques'\n"
           "schedules differ.\n";
}

struct Row {
    std::string version;
    Duration simulated{};
    std::chrono::nanoseconds real{};
    long long switches = 0;
    std::size_t memory = 0;
};

std::string bytes_text(std::size_t bytes) {
    char text[32];
    const double b = static_cast<double>(bytes);
    if (b >= 1024.0 * 1024.0) {
        std::snprintf(text, sizeof text, "%.1f MiB", b / 1024.0 / 1024.0);
    } else if (b >= 1024.0) {
        std::snprintf(text, sizeof text, "%.1f KiB", b / 1024.0);
    } else {
        std::snprintf(text, sizeof text, "%zu B", bytes);
    }
    return text;
}

std::string seconds_text(Duration d) {
    return with_thousands(std::chrono::duration_cast<std::chrono::seconds>(d + 500ms).count()) +
           " s";
}

void print_row(const Row& row, std::ostream& out) {
    char line[200];
    const double real_ms = std::chrono::duration<double, std::milli>(row.real).count();
    std::snprintf(line, sizeof line, "  %-18s %11s %12.2f ms %9s %11s\n", row.version.c_str(),
                  seconds_text(row.simulated).c_str(), real_ms,
                  with_thousands(row.switches).c_str(), bytes_text(row.memory).c_str());
    out << line;
}

// The exhibition with every duration scaled to the real clock.
chess::Exhibition scaled(const chess::Exhibition& e, TimeScale scale) {
    chess::Exhibition real = e;
    real.master_move = scale.to_real(e.master_move);
    real.opponent_move = scale.to_real(e.opponent_move);
    return real;
}

// `coop chess --step`: one technique's exhibition, one step at a time.
int step_through(const chess::Exhibition& e, const std::vector<TechniqueEntry>& versions,
                 bool technique_named, const PictureOptions& pictures, ClockKind clock, bool step,
                 std::optional<std::int64_t> frames_wanted) {
    if (!step) {
        return usage_error("chess", "--frames goes with --step");
    }
    if (pictures.wanted() || !pictures.html_file.empty() || clock == ClockKind::Real) {
        return usage_error("chess",
                           "--step shows the steps alone, on the virtual clock: leave out "
                           "--clock real and the picture options");
    }
    if (!frames_wanted && !can_step()) {
        return usage_error("chess",
                           "stepping needs a terminal (standard input and output); "
                           "--frames N prints N frames without one");
    }
    // coop step's default technique, unless one is named.
    TechniqueEntry technique = versions[0];
    for (const TechniqueEntry& v : versions) {
        if (!technique_named && v.name == "coroutines") {
            technique = v;
        }
    }
    const SteppedRun run = play_stepped(
        technique, e, frames_wanted ? static_cast<std::size_t>(*frames_wanted) : kMaxFrames);
    return show_steps(run, frames_wanted,
                      "coop chess --step (" + std::string(technique.name) + ")");
}

}  // namespace

int chess_command(std::span<const std::string_view> args) {
    chess::Exhibition e;
    ClockKind clock = ClockKind::Virtual;
    TimeScale scale{100us};
    std::optional<std::string_view> technique_name;
    bool with_os = true;
    bool step = false;
    std::optional<std::int64_t> frames_wanted;
    PictureOptions pictures;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        std::string error;
        if (arg == "--help" || arg == "-h") {
            print_chess_help(std::cout);
            return 0;
        }
        if (read_picture_option(args, i, pictures, error)) {
            if (!error.empty()) {
                return usage_error("chess", error);
            }
            continue;
        }
        if (arg == "--no-os") {
            with_os = false;
            continue;
        }
        if (arg == "--step") {
            step = true;
            continue;
        }
        if (!arg.starts_with("--")) {
            return usage_error("chess", "unexpected argument '" + excerpt(arg) + "'");
        }
        if (arg != "--clock" && arg != "--scale" && arg != "--tables" && arg != "--moves" &&
            arg != "--master-move" && arg != "--opponent-move" && arg != "--technique" &&
            arg != "--frames") {
            return usage_error("chess", "unknown option '" + excerpt(arg) + "'");
        }
        if (i + 1 >= args.size()) {
            return usage_error("chess", std::string(arg) + " needs a value");
        }
        const std::string_view value = args[++i];
        const std::string bad = "bad value for " + std::string(arg) + ": '" + excerpt(value) + "'";
        if (arg == "--clock") {
            if (value != "virtual" && value != "real") {
                return usage_error("chess",
                                   "--clock is virtual or real, not '" + excerpt(value) + "'");
            }
            clock = value == "real" ? ClockKind::Real : ClockKind::Virtual;
        } else if (arg == "--technique") {
            technique_name = value;
        } else if (arg == "--frames") {
            frames_wanted = parse_count(value, 1, static_cast<std::int64_t>(kMaxFrames));
            if (!frames_wanted) {
                return usage_error("chess", bad + " (a number of frames from 1 to 10,000)");
            }
        } else if (arg == "--tables" || arg == "--moves") {
            const auto n = parse_count(value, 1, 10'000);
            if (!n) {
                return usage_error("chess", bad + " (a whole number from 1 to 10000)");
            }
            (arg == "--tables" ? e.tables : e.move_pairs) = static_cast<int>(*n);
        } else {
            const auto d = parse_duration(value);
            if (!d || *d <= Duration::zero()) {
                return usage_error("chess",
                                   bad + " (a duration of at least 1us, like 5s or 100ms)");
            }
            if (arg == "--scale") {
                if (*d > 1s) {
                    return usage_error("chess",
                                       bad + " (at most 1s of real time per simulated second)");
                }
                scale = TimeScale(*d);
            } else {
                (arg == "--master-move" ? e.master_move : e.opponent_move) = *d;
            }
        }
    }
    if (const std::string error = check_picture_files(pictures); !error.empty()) {
        return usage_error("chess", error);
    }
    try {
        chess::validate(e);
    } catch (const std::invalid_argument& err) {
        return usage_error("chess", err.what());
    }
    if (with_os || clock == ClockKind::Real) {
        // The real-clock runs sleep for the scaled moves: a move scaled below
        // the clock's microsecond would be a sleep of nothing.
        const chess::Exhibition real = scaled(e, scale);
        if (real.master_move < 1us || real.opponent_move < 1us) {
            return usage_error(
                "chess", "--scale " + describe_duration(scale.real_per_second()) +
                             " makes a move last less than 1 us on the real clock (the master's " +
                             describe_duration(real.master_move) + ", an opponent's " +
                             describe_duration(real.opponent_move) +
                             "): use a larger --scale, longer moves, or --no-os");
        }
    }

    std::vector<TechniqueEntry> versions;
    for (const TechniqueEntry& v : all_techniques()) {
        if (!technique_name || v.name == *technique_name) {
            versions.push_back(v);
        }
    }
    if (versions.empty()) {
        std::string known;
        for (const TechniqueEntry& v : all_techniques()) {
            known += (known.empty() ? "" : ", ") + std::string(v.name);
        }
        return usage_error("chess", "no technique named '" + std::string(*technique_name) +
                                        "' (known: " + known + ")");
    }
    if (step || frames_wanted) {
        return step_through(e, versions, technique_name.has_value(), pictures, clock, step,
                            frames_wanted);
    }
    if (pictures.timeline && pictures.window_to_ms == 0 && e.move_pairs > 2) {
        // The whole exhibition in 80 columns is a grey blur; its first two
        // rounds show the master going from table to table.
        pictures.window_to_ms = whole_ms(2 * chess::round_length(e));
    }
    const bool real_clock = clock == ClockKind::Real;

    // Every row that the virtual clock can give comes from it: one game
    // after another is 12 hours of sleeping on the real clock, and the
    // cooperative versions' schedules, switches and memory are the same on
    // both clocks.
    std::vector<Row> rows;
    {
        Loop loop(ClockKind::Virtual);
        const auto start = std::chrono::steady_clock::now();
        const Duration took = chess::play_synchronously(e, loop);
        rows.push_back(Row{"synchronous", took, std::chrono::steady_clock::now() - start, 0, 0});
    }

    // A fiber's stack: the usable size and its guard page.
    const std::size_t fiber_stack =
        fibers::StackOptions{}.size + static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    std::vector<Trace> traces(versions.size());
    for (std::size_t v = 0; v < versions.size(); ++v) {
        Trace& trace = traces[v];
        trace.record_waits(v == 0 && pictures.wanted());
        // Room for every event up front, so that the heap measured below is
        // the tasks' own.
        trace.reserve(static_cast<std::size_t>(chess::asynchronous_switches(e)) * 3);
        Loop loop(ClockKind::Virtual);
        HeapMeter::start();
        const auto start = std::chrono::steady_clock::now();
        versions[v].play_exhibition(e, loop, trace);
        const auto real = std::chrono::steady_clock::now() - start;
        Row row{std::string(versions[v].name), loop.now(), real, trace.activations(),
                HeapMeter::peak_since_start()};
        if (row.version.starts_with("fibers")) {
            row.memory += fiber_stack * static_cast<std::size_t>(e.tables);
        }
        rows.push_back(row);
    }

    std::vector<Row> os_rows;
    std::string os_error;
    auto play_os_versions = [&] {
        if (!with_os) {
            return;
        }
        const chess::Exhibition real = scaled(e, scale);
        try {
            HeapMeter::start();
            os::OsRun threads = os::play_with_threads(real);
            os_rows.push_back(Row{"threads", scale.to_simulated(threads.real), threads.real,
                                  threads.context_switches,
                                  threads.memory_bytes + HeapMeter::peak_since_start()});
            os::OsRun processes = os::play_with_processes(real);
            os_rows.push_back(Row{"processes", scale.to_simulated(processes.real), processes.real,
                                  processes.context_switches, processes.memory_bytes});
        } catch (const std::exception& err) {
            os_error = err.what();
        }
    };
    int status = 0;
    if (real_clock) {
        // The threads and processes play while the cooperative versions do.
        const std::vector<RealClockRun> runs =
            play_on_real_clock(versions, scaled(e, scale), play_os_versions);
        for (std::size_t v = 0; v < versions.size(); ++v) {
            Row& row = rows[v + 1];
            const std::string difference = runs[v].error.empty()
                                               ? real_clock_difference(traces[v], runs[v].trace)
                                               : runs[v].error;
            if (!difference.empty()) {
                std::cerr << "coop chess: " << versions[v].name
                          << " on the real clock: " << difference << "\n";
                status = 4;
            }
            row.simulated = scale.to_simulated(runs[v].took);
            row.real = runs[v].real;
        }
    } else {
        play_os_versions();
    }
    if (!os_error.empty()) {
        std::cerr << "coop chess: " << os_error << "\n";
        return 1;
    }
    rows.insert(rows.end(), os_rows.begin(), os_rows.end());

    std::ostream& out = std::cout;
    out << "The chess exhibition: " << e.tables << " tables, " << e.move_pairs
        << " move pairs a game;\nthe master moves in " << describe_duration(e.master_move)
        << ", each opponent in " << describe_duration(e.opponent_move) << ".\n";
    if (real_clock) {
        out << "Real clock for every row but the synchronous one: one simulated second = "
            << describe_duration(scale.real_per_second()) << ".\n";
    } else {
        out << "Virtual clock for the cooperative rows"
            << (with_os ? ";\nthreads and processes on the real clock, one simulated second = " +
                              describe_duration(scale.real_per_second())
                        : std::string())
            << ".\n";
    }
    out << "\n";
    char head[200];
    std::snprintf(head, sizeof head, "  %-18s %11s %15s %9s %11s\n", "version", "simulated", "real",
                  "switches", "memory");
    out << head;
    for (const Row& row : rows) {
        print_row(row, out);
    }
    out << "\n";

    bool agree = true;
    for (std::size_t v = 1; v < versions.size(); ++v) {
        const Trace plain = traces[0].without_waits();
        if (!same_trace(plain, traces[v])) {
            report_difference("chess", Run{versions[0].name, Outcome::AllEnded, plain, {}, {}},
                              Run{versions[v].name, Outcome::AllEnded, traces[v], {}, {}});
            agree = false;
        }
    }
    if (agree && versions.size() > 1) {
        out << "The " << versions.size()
            << " cooperative versions agree: the same schedule, event for event\n  ("
            << with_thousands(static_cast<std::int64_t>(traces[1].size())) << " trace events"
            << (real_clock ? ", on the virtual clock)" : ")") << ".\n";
    }
    if (real_clock && status == 0) {
        out << "On the real clock, which jitters, each version kept every table's events\n"
               "  in their order and made the same number of switches (the interleaving\n"
               "  of the tables is not compared).\n";
    }
    if (!agree) {
        status = 4;
    }
    out << "The arithmetic: " << seconds_text(chess::synchronous_length(e))
        << " one game after another, " << seconds_text(chess::asynchronous_length(e))
        << " with one master\n  walking from table to table, "
        << seconds_text(chess::parallel_length(e)) << " with a master per table.\n"
        << "switches: task switches (starts and resumes) in the cooperative versions, the\n"
           "  OS's context switches for threads and processes.\n"
           "memory: heap at its peak during the run, plus the stacks reserved for fibers\n"
           "  (" +
               bytes_text(fiber_stack) + " each) and threads (" +
               bytes_text(os::default_thread_stack_size()) +
               " each: address space, resident\n"
               "  only where touched); for processes, their peak resident memory added up.\n";

    if (pictures.wanted()) {
        out << "\n";
        Spawns tables;  // every table is spawned before the loop runs
        for (int table = 0; table < e.tables; ++table) {
            tables.before_the_loop.push_back(chess::table_name(table));
        }
        const std::string error = draw_pictures(
            traces[0], tables, pictures, "coop chess (" + std::string(versions[0].name) + ")", out);
        if (!error.empty()) {
            std::cerr << "coop chess: " << error << "\n";
            return 1;
        }
    }
    if (!pictures.html_file.empty()) {
        // Each cooperative version plays once more, watched step by step.
        SchedulePage page{"the chess exhibition, " + std::to_string(e.tables) + " tables, " +
                              std::to_string(e.move_pairs) + " move pairs a game",
                          {}};
        for (const TechniqueEntry& v : versions) {
            page.runs.push_back(
                play_stepped(v, e, page_frame_limit(static_cast<std::size_t>(e.tables))));
        }
        if (const std::string error = write_schedule_page(pictures.html_file, page);
            !error.empty()) {
            std::cerr << "coop chess: " << error << "\n";
            return 1;
        }
    }
    out.flush();
    return status;
}

}  // namespace coop::cli
