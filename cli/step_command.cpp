// `coop step`: the loop of a scenario's run, one step at a time.
//
// The run happens first, whole, with a StepRecorder watching its loop
// (common/step_frames.hpp): each frame is what the loop and the task table
// held at one step. Then this file only shows frames: on a terminal, one
// screen at a time, moving on a key; with --frames N, the first N one after
// the other on standard output, for scripts and tests.
#include "cli/step_command.hpp"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.hpp"
#include "cli/runs.hpp"
#include "cli/stepped_runs.hpp"
#include "cli/techniques.hpp"
#include "common/scenario.hpp"
#include "common/step_frames.hpp"
#include "common/text.hpp"

namespace coop::cli {

namespace {

// How many of the trace's last lines each frame shows.
constexpr std::size_t kTraceLines = 8;

void print_step_help(std::ostream& out) {
    out << "usage: coop step [--technique NAME] [--frames N] FILE\n"
           "\n"
           "Runs the scenario in FILE and shows its loop one step at a time: each\n"
           "step is one thing the loop does (I/O polled, due timers moved to the ready\n"
           "queue, one task run, out of work). A frame shows the clock and the\n"
           "iteration, the task about to run and the operation it goes on at, the\n"
           "ready queue in order, the timers in the order they fire, the tasks that\n"
           "wait on a channel, a join or a file descriptor, and the trace so far.\n"
           "\n"
           "  --technique NAME   the technique that runs it (default: coroutines)\n"
           "  --frames N         print the first N frames on standard output and exit,\n"
           "                     without a terminal (N from 1 to 10,000)\n"
           "\n"
           "keys: Enter or space next, b back, g go to step N, e go to the step that\n"
           "writes trace event N, q quit.\n"
           "A run is stopped after 10,000 steps: only that many frames are kept.\n"
           "\n"
           "techniques: "
        << technique_names(" ")
        << "\n"
           "\n"
           "exit status: 0 shown; 1 the output could not be written; 2 bad arguments,\n"
           "a rejected scenario, or no --frames and not on a terminal.\n";
}

std::string joined(const std::vector<std::string>& names) {
    if (names.empty()) {
        return "-";
    }
    std::string s;
    for (const std::string& name : names) {
        s += (s.empty() ? "" : ", ") + name;
    }
    return s;
}

// One frame, as plain lines. `trace_lines` is the whole trace of the run, a
// line per event: the frame shows the last few of the events it had.
void write_frame(const StepFrame& f, const std::vector<std::string>& trace_lines,
                 std::ostream& out) {
    out << "=== step " << f.number << ": iteration " << f.iteration << ", t = " << f.t_ms << " ms, "
        << step_name(f.step) << (f.running.empty() ? "" : " " + f.running) << " ===\n";
    if (!f.running.empty()) {
        out << "running  " << f.running << (f.running_at.empty() ? "" : ", at " + f.running_at)
            << "\n";
    }
    out << "ready    " << joined(f.ready_now) << "\n";
    out << "next     " << joined(f.ready_next) << "\n";
    if (f.timers.empty()) {
        out << "timers   -\n";
    }
    for (std::size_t i = 0; i < f.timers.size(); ++i) {
        out << (i == 0 ? "timers   " : "         ") << "at " << f.timers[i].due_ms
            << " ms: " << f.timers[i].task << " (seq " << f.timers[i].seq << ")\n";
    }
    if (f.waiting.empty()) {
        out << "waiting  -\n";
    }
    for (std::size_t i = 0; i < f.waiting.size(); ++i) {
        const StepFrame::Waiting& w = f.waiting[i];
        out << (i == 0 ? "waiting  " : "         ") << w.task << ": " << w.on
            << (w.at.empty() ? "" : ", at " + w.at) << "\n";
    }
    const std::size_t shown = std::min(kTraceLines, f.trace_events);
    out << "trace    " << f.trace_events << (f.trace_events == 1 ? " event" : " events");
    out << (shown == 0                ? "\n"
            : shown == f.trace_events ? ":\n"
                                      : ", the last " + std::to_string(shown) + ":\n");
    for (std::size_t i = f.trace_events - shown; i < f.trace_events; ++i) {
        out << "  " << trace_lines[i] << "\n";
    }
}

// --- the terminal ------------------------------------------------------------

// The terminal's settings before raw mode, for every way out: the guard's
// destructor (a return or an exception) and the signals that end the program.
termios saved_terminal{};
termios raw_terminal{};  // the settings while stepping
volatile std::sig_atomic_t terminal_is_raw = 0;

constexpr char kEnterScreen[] = "\x1b[?1049h";  // the alternate screen: the user's comes back
constexpr char kLeaveScreen[] = "\x1b[?1049l";

void restore_terminal() {
    if (terminal_is_raw != 0) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
        [[maybe_unused]] const auto written =
            ::write(STDOUT_FILENO, kLeaveScreen, sizeof kLeaveScreen - 1);
        terminal_is_raw = 0;
    }
}

void enter_raw_mode() {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw_terminal);
    [[maybe_unused]] const auto written =
        ::write(STDOUT_FILENO, kEnterScreen, sizeof kEnterScreen - 1);
    terminal_is_raw = 1;
}

void restore_terminal_and_die(int signal_number) {
    restore_terminal();  // tcsetattr and write are async-signal-safe
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

// Ctrl-Z: the shell gets its terminal back as it was while coop is stopped,
// and stepping goes on where it was after `fg`. (SIGSTOP rather than the
// default action of SIGTSTP, which the kernel drops for a process with no
// job-control shell above it.) The interrupted read returns, and the
// browser draws the screen again.
void stop_for_a_while(int) {
    restore_terminal();
    ::raise(SIGSTOP);
    enter_raw_mode();  // here after SIGCONT
}

class RawTerminal {
  public:
    RawTerminal() {
        if (::tcgetattr(STDIN_FILENO, &saved_terminal) != 0) {
            return;
        }
        for (const int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
            std::signal(s, restore_terminal_and_die);
        }
        // Without SA_RESTART: a read waiting for a key returns when the
        // program is continued, so that the screen is drawn again.
        struct sigaction on_stop {};
        on_stop.sa_handler = stop_for_a_while;
        sigemptyset(&on_stop.sa_mask);
        ::sigaction(SIGTSTP, &on_stop, nullptr);
        raw_terminal = saved_terminal;
        raw_terminal.c_lflag &=
            ~static_cast<tcflag_t>(ICANON | ECHO);  // keys at once, unechoed; ^C still stops
        raw_terminal.c_cc[VMIN] = 1;
        raw_terminal.c_cc[VTIME] = 0;
        std::cout << std::flush;
        enter_raw_mode();
    }
    ~RawTerminal() {
        std::cout.flush();
        std::signal(SIGTSTP, SIG_DFL);
        restore_terminal();
    }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;
};

// A key that is none of the commands: the screen is drawn again.
constexpr char kRedraw = '\f';

// One key, or nothing at the end of the input. After a stop (Ctrl-Z, then
// fg) the read was interrupted: kRedraw.
std::optional<char> read_key() {
    char c = 0;
    const ssize_t got = ::read(STDIN_FILENO, &c, 1);
    if (got < 0 && errno == EINTR) {
        return kRedraw;
    }
    if (got != 1) {
        return std::nullopt;
    }
    return c;
}

// The number typed after `g` or `e`, up to Enter (nothing: Escape, or not a
// number from 1 to `last`).
std::optional<std::int64_t> read_number(std::string_view prompt, std::size_t last) {
    std::cout << prompt << " (1-" << last << "): " << std::flush;
    std::string typed;
    for (;;) {
        const std::optional<char> c = read_key();
        if (!c || *c == '\x1b') {
            return std::nullopt;
        }
        if (*c == '\n' || *c == '\r') {
            return parse_count(typed, 1, static_cast<std::int64_t>(last));
        }
        if ((*c == '\x7f' || *c == '\b') && !typed.empty()) {
            typed.pop_back();
            std::cout << "\b \b" << std::flush;
        } else if (*c >= '0' && *c <= '9' && typed.size() < 12) {
            typed += *c;
            std::cout << *c << std::flush;
        }
    }
}

// The step whose action writes trace event `n` (1-based): the last step
// before the first frame that holds the event, so that the screen shows the
// task about to write it. An event written after the loop's last step (a
// stall report) belongs to the last step.
std::size_t step_writing_event(const std::vector<StepFrame>& frames, std::int64_t n) {
    for (std::size_t i = 1; i < frames.size(); ++i) {
        if (static_cast<std::int64_t>(frames[i].trace_events) >= n) {
            return i - 1;
        }
    }
    return frames.size() - 1;
}

void browse(const std::vector<StepFrame>& frames, const std::vector<std::string>& trace_lines,
            const std::string& title, const std::string& end) {
    RawTerminal terminal;
    std::size_t at = 0;
    std::string note;
    for (;;) {
        std::cout << "\x1b[H\x1b[2J" << title << "\n\n";
        write_frame(frames[at], trace_lines, std::cout);
        if (at + 1 == frames.size()) {
            std::cout << end << "\n";
        }
        std::cout << "\nstep " << at + 1 << " of " << frames.size()
                  << "   Enter/space next, b back, g go to step, e go to event, q quit" << note
                  << "\n"
                  << std::flush;
        note.clear();
        const std::optional<char> key = read_key();
        if (!key || *key == 'q' || *key == 'Q') {
            return;
        }
        if (*key == '\n' || *key == '\r' || *key == ' ') {
            at = std::min(at + 1, frames.size() - 1);
        } else if (*key == 'b' || *key == 'B') {
            at = at == 0 ? 0 : at - 1;
        } else if (*key == 'g' || *key == 'G') {
            if (const auto n = read_number("go to step", frames.size())) {
                at = static_cast<std::size_t>(*n - 1);
            } else {
                note = "   (no such step)";
            }
        } else if (*key == 'e' || *key == 'E') {
            if (const auto n =
                    read_number("go to the step that writes event", trace_lines.size())) {
                at = step_writing_event(frames, *n);
            } else {
                note = "   (no such event)";
            }
        }
    }
}

}  // namespace

int step_command(std::span<const std::string_view> args) {
    std::string_view technique_name = "coroutines";
    std::optional<std::int64_t> frames_wanted;
    std::optional<std::string> file;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") {
            print_step_help(std::cout);
            return 0;
        }
        if (arg == "--technique" || arg == "--frames") {
            if (i + 1 >= args.size()) {
                return usage_error("step", std::string(arg) + " needs a value");
            }
            const std::string_view value = args[++i];
            if (arg == "--technique") {
                technique_name = value;
            } else {
                frames_wanted = parse_count(value, 1, static_cast<std::int64_t>(kMaxFrames));
                if (!frames_wanted) {
                    return usage_error("step",
                                       "--frames is a number of frames from 1 to 10,000, not '" +
                                           excerpt(value) + "'");
                }
            }
        } else if (arg.starts_with("-") && arg != "-") {
            return usage_error("step", "unknown option '" + excerpt(arg) + "'");
        } else if (file) {
            return usage_error("step", "one scenario file at a time (got '" + excerpt(*file) +
                                           "' and '" + excerpt(arg) + "')");
        } else {
            file = std::string(arg);
        }
    }
    if (!file) {
        return usage_error("step", "no scenario file given");
    }
    std::optional<TechniqueEntry> technique;
    for (const TechniqueEntry& t : all_techniques()) {
        if (t.name == technique_name) {
            technique = t;
        }
    }
    if (!technique) {
        return usage_error("step", "no technique named '" + excerpt(technique_name) +
                                       "' (known: " + technique_names(", ") + ")");
    }
    Scenario scenario;
    try {
        scenario = load_scenario_file(*file);
    } catch (const ScenarioError& err) {
        std::cerr << "coop step: " << err.what() << "\n";
        return 2;
    }
    if (!frames_wanted && !can_step()) {
        return usage_error("step",
                           "stepping needs a terminal (standard input and output); "
                           "--frames N prints N frames without one");
    }

    const SteppedRun run =
        run_stepped(*technique, scenario, ClockKind::Virtual,
                    frames_wanted ? static_cast<std::size_t>(*frames_wanted) : kMaxFrames);
    return show_steps(run, frames_wanted,
                      "coop step " + excerpt(*file) + " (" + std::string(technique->name) + ")");
}

bool can_step() {
    return ::isatty(STDIN_FILENO) != 0 && ::isatty(STDOUT_FILENO) != 0;
}

int show_steps(const SteppedRun& run, std::optional<std::int64_t> frames_wanted,
               const std::string& title) {
    const std::vector<std::string>& trace_lines = run.trace_lines;
    const std::vector<StepFrame>& frames = run.frames;
    // --frames N of a longer run prints N frames and no ending.
    const std::string end = frames_wanted && run.cut_short ? "" : ending(run);

    if (frames_wanted) {
        for (const StepFrame& frame : frames) {
            write_frame(frame, trace_lines, std::cout);
            std::cout << "\n";
        }
        if (!end.empty()) {
            std::cout << end << "\n";
        }
        return 0;
    }
    if (frames.empty()) {
        std::cout << end << "\n";  // nothing to step through: no task started
        return 0;
    }
    browse(frames, trace_lines, title, end);
    return 0;
}

}  // namespace coop::cli
