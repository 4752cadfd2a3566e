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
#include "cli/chess_versions.hpp"
#include "cli/heap_meter.hpp"
#include "cli/runs.hpp"
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
           "  --clock real       they run on the real clock too, scaled by --scale\n"
           "  --scale D          real time per simulated second for the real-clock runs\n"
           "                     (threads and processes always are): default 100us;\n"
           "                     1ms makes the exhibition last 3.7 s\n"
           "  --tables N         number of opponents (default 24)\n"
           "  --moves N          move pairs per game (default 30)\n"
           "  --master-move D    how long the master takes per move (default 5s)\n"
           "  --opponent-move D  how long an opponent takes per move (default 55s)\n"
           "  --technique NAME   only this cooperative technique (the pictures below show\n"
           "                     its run; without it, the first one's)\n"
           "  --no-os            leave out the threads and processes\n"
        << picture_options_help()
        << "\n"
           "Durations D are like 5s, 100ms, 250us, 1.5min.\n"
           "\n"
           "exit status: 0 done, 1 the system refused a thread, a process or memory, or\n"
           "the output (or a --trace, --chrome-trace file) could not be written, 2 bad\n"
           "arguments or a --trace, --chrome-trace file that cannot be created, 4 the\n"
           "techniques' schedules differ.\n";
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

// The exhibition with every duration scaled: one simulated second becomes
// `scale` of real time.
chess::Exhibition scaled(const chess::Exhibition& e, Duration scale) {
    auto to_real = [&](Duration d) {
        return Duration(static_cast<std::int64_t>(static_cast<double>(d.count()) *
                                                  static_cast<double>(scale.count()) / 1e9));
    };
    chess::Exhibition real = e;
    real.master_move = to_real(e.master_move);
    real.opponent_move = to_real(e.opponent_move);
    return real;
}

Duration unscaled(std::chrono::nanoseconds real, Duration scale) {
    return Duration(static_cast<std::int64_t>(static_cast<double>(real.count()) * 1e9 /
                                              static_cast<double>(scale.count())));
}

}  // namespace

int chess_command(std::span<const std::string_view> args) {
    chess::Exhibition e;
    ClockKind clock = ClockKind::Virtual;
    Duration scale = 100us;
    std::optional<std::string_view> technique_name;
    bool with_os = true;
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
        if (!arg.starts_with("--")) {
            return usage_error("chess", "unexpected argument '" + excerpt(arg) + "'");
        }
        if (arg != "--clock" && arg != "--scale" && arg != "--tables" && arg != "--moves" &&
            arg != "--master-move" && arg != "--opponent-move" && arg != "--technique") {
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
        } else if (arg == "--tables" || arg == "--moves") {
            const auto n = parse_count(value, 1, 10'000);
            if (!n) {
                return usage_error("chess", bad + " (a whole number from 1 to 10000)");
            }
            (arg == "--tables" ? e.tables : e.move_pairs) = static_cast<int>(*n);
        } else {
            const auto d = parse_duration(value);
            if (!d || *d <= Duration::zero()) {
                return usage_error("chess", bad + " (a positive duration, like 5s or 100ms)");
            }
            if (arg == "--scale") {
                if (*d > 1s) {
                    return usage_error("chess",
                                       bad + " (at most 1s of real time per simulated second)");
                }
                scale = *d;
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

    std::vector<ChessVersion> versions;
    for (const ChessVersion& v : asynchronous_chess_versions()) {
        if (!technique_name || v.name == *technique_name) {
            versions.push_back(v);
        }
    }
    if (versions.empty()) {
        std::string known;
        for (const ChessVersion& v : asynchronous_chess_versions()) {
            known += (known.empty() ? "" : ", ") + std::string(v.name);
        }
        return usage_error("chess", "no technique named '" + std::string(*technique_name) +
                                        "' (known: " + known + ")");
    }
    if (pictures.timeline && pictures.window_to_ms == 0 && e.move_pairs > 2) {
        // The whole exhibition in 80 columns is a grey blur; its first two
        // rounds show the master going from table to table.
        pictures.window_to_ms = whole_ms(2 * chess::round_length(e));
    }
    const bool real_clock = clock == ClockKind::Real;
    const chess::Exhibition on_loop = real_clock ? scaled(e, scale) : e;

    std::vector<Row> rows;
    {
        Loop loop(clock);
        const auto start = std::chrono::steady_clock::now();
        const Duration took = chess::play_synchronously(on_loop, loop);
        const auto real = std::chrono::steady_clock::now() - start;
        rows.push_back(Row{"synchronous", real_clock ? unscaled(took, scale) : took, real, 0, 0});
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
        Loop loop(clock);
        HeapMeter::start();
        const auto start = std::chrono::steady_clock::now();
        versions[v].play(on_loop, loop, trace);
        const auto real = std::chrono::steady_clock::now() - start;
        Row row{std::string(versions[v].name),
                real_clock ? unscaled(loop.now(), scale) : loop.now(), real, trace.activations(),
                HeapMeter::peak_since_start()};
        if (row.version.starts_with("fibers")) {
            row.memory += fiber_stack * static_cast<std::size_t>(e.tables);
        }
        rows.push_back(row);
    }

    if (with_os) {
        const chess::Exhibition real = scaled(e, scale);
        try {
            HeapMeter::start();
            os::OsRun threads = os::play_with_threads(real);
            rows.push_back(Row{"threads", unscaled(threads.real, scale), threads.real,
                               threads.context_switches,
                               threads.memory_bytes + HeapMeter::peak_since_start()});
            os::OsRun processes = os::play_with_processes(real);
            rows.push_back(Row{"processes", unscaled(processes.real, scale), processes.real,
                               processes.context_switches, processes.memory_bytes});
        } catch (const std::exception& err) {
            std::cerr << "coop chess: " << err.what() << "\n";
            return 1;
        }
    }

    std::ostream& out = std::cout;
    out << "The chess exhibition: " << e.tables << " tables, " << e.move_pairs
        << " move pairs a game;\nthe master moves in " << describe_duration(e.master_move)
        << ", each opponent in " << describe_duration(e.opponent_move) << ".\n";
    if (real_clock) {
        out << "Real clock for every row: one simulated second = " << describe_duration(scale)
            << ".\n";
    } else {
        out << "Virtual clock for the cooperative rows"
            << (with_os ? ";\nthreads and processes on the real clock, one simulated second = " +
                              describe_duration(scale)
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

    int status = 0;
    for (std::size_t v = 1; v < versions.size(); ++v) {
        const Trace plain = traces[0].without_waits();
        if (!same_trace(plain, traces[v])) {
            report_difference(Run{versions[0].name, Outcome::AllEnded, plain, {}, {}},
                              Run{versions[v].name, Outcome::AllEnded, traces[v], {}, {}});
            status = 4;
        }
    }
    if (status == 0 && versions.size() > 1) {
        out << "The " << versions.size()
            << " cooperative versions agree: the same schedule, event for event\n  ("
            << with_thousands(static_cast<std::int64_t>(traces[1].events().size()))
            << " trace events).\n";
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
        const std::string error = draw_pictures(
            traces[0], pictures, "coop chess (" + std::string(versions[0].name) + ")", out);
        if (!error.empty()) {
            std::cerr << "coop chess: " << error << "\n";
            return 1;
        }
    }
    out.flush();
    return status;
}

}  // namespace coop::cli
