#include "cli/args.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <ostream>
#include <stdexcept>

#include "common/schedule.hpp"
#include "common/text.hpp"

namespace coop::cli {

std::optional<std::int64_t> parse_count(std::string_view text, std::int64_t min, std::int64_t max) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

std::optional<Duration> parse_duration(std::string_view text) {
    // The number is plain decimal digits with at most one point: strtod
    // would also take "0x10" (16), "1e3", "inf", "nan" and leading spaces.
    const std::size_t digits_end = text.find_first_not_of("0123456789.");
    const std::string_view digits = text.substr(0, digits_end);
    if (digits.find_first_of("0123456789") == std::string_view::npos ||
        std::count(digits.begin(), digits.end(), '.') > 1) {
        return std::nullopt;
    }
    double number = 0;
    const auto [number_end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc{} || number_end != digits.data() + digits.size() ||
        !std::isfinite(number)) {
        return std::nullopt;
    }
    std::string_view unit = text.substr(digits.size());
    while (!unit.empty() && unit.front() == ' ') {
        unit.remove_prefix(1);
    }
    using Seconds = std::chrono::duration<double>;
    Seconds per_unit{};
    if (unit.empty() || unit == "s") {
        per_unit = std::chrono::seconds(1);
    } else if (unit == "ms") {
        per_unit = std::chrono::milliseconds(1);
    } else if (unit == "us" || unit == "µs") {
        per_unit = std::chrono::microseconds(1);
    } else if (unit == "ns") {
        per_unit = std::chrono::nanoseconds(1);
    } else if (unit == "min") {
        per_unit = std::chrono::minutes(1);
    } else if (unit == "h") {
        per_unit = std::chrono::hours(1);
    } else {
        return std::nullopt;
    }
    const Seconds d = number * per_unit;
    if (d > Seconds(1e6)) {
        return std::nullopt;
    }
    return std::chrono::round<Duration>(d);
}

std::string describe_duration(Duration d) {
    char text[48];
    if (d >= std::chrono::seconds(1)) {
        std::snprintf(text, sizeof text, "%g s", std::chrono::duration<double>(d).count());
    } else if (d >= std::chrono::milliseconds(1)) {
        std::snprintf(text, sizeof text, "%g ms",
                      std::chrono::duration<double, std::milli>(d).count());
    } else if (d >= std::chrono::microseconds(1)) {
        std::snprintf(text, sizeof text, "%g us",
                      std::chrono::duration<double, std::micro>(d).count());
    } else {
        std::snprintf(text, sizeof text, "%g ns",
                      std::chrono::duration<double, std::nano>(d).count());
    }
    return text;
}

bool read_picture_option(std::span<const std::string_view> args, std::size_t& i,
                         PictureOptions& options, std::string& error) {
    const std::string_view arg = args[i];
    if (arg == "--timeline") {
        options.timeline = true;
        return true;
    }
    if (arg != "--trace" && arg != "--chrome-trace" && arg != "--html" && arg != "--window" &&
        arg != "--width") {
        return false;
    }
    if (i + 1 >= args.size()) {
        error = std::string(arg) + " needs a value";
        return true;
    }
    const std::string_view value = args[++i];
    if (arg == "--trace") {
        options.trace_file = value;
    } else if (arg == "--chrome-trace") {
        options.chrome_trace_file = value;
    } else if (arg == "--html") {
        options.html_file = value;
    } else if (arg == "--width") {
        const auto width = parse_count(value, 44, 1000);
        if (!width) {
            error = "--width is a number of columns from 44 to 1000, not '" + excerpt(value) + "'";
        } else {
            options.width = static_cast<int>(*width);
        }
    } else {
        // --window FROM-TO, in the units of parse_duration: "0-240s", "1h-2h"
        const std::size_t dash = value.find('-', 1);
        std::optional<Duration> from;
        std::optional<Duration> to;
        if (dash != std::string_view::npos) {
            const std::string_view from_text = value.substr(0, dash);
            const std::string_view to_text = value.substr(dash + 1);
            to = parse_duration(to_text);
            // "0-240s": a unit written once, at the end, applies to both.
            const std::size_t unit_at = to_text.find_first_not_of("0123456789. ");
            const bool from_has_unit =
                from_text.find_first_not_of("0123456789. ") != std::string_view::npos;
            const std::string_view unit =
                unit_at == std::string_view::npos ? std::string_view{} : to_text.substr(unit_at);
            from = parse_duration(from_has_unit ? std::string(from_text)
                                                : std::string(from_text) + std::string(unit));
        }
        if (!from || !to || *to <= *from) {
            error = "--window is FROM-TO with FROM < TO, like 0-240s or 1h-2h, not '" +
                    excerpt(value) + "'";
        } else {
            options.timeline = true;
            options.window_from_ms = whole_ms(*from);
            options.window_to_ms = whole_ms(*to);
        }
    }
    return true;
}

namespace {

// "" if `path` can be opened for writing, else what the system said.
std::string cannot_write(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        return "cannot write " + excerpt(path) + ": " + std::strerror(errno);
    }
    ::close(fd);
    return "";
}

}  // namespace

std::string check_picture_files(const PictureOptions& options) {
    for (const std::string* file :
         {&options.trace_file, &options.chrome_trace_file, &options.html_file}) {
        if (!file->empty()) {
            if (std::string error = cannot_write(*file); !error.empty()) {
                return error;
            }
        }
    }
    return "";
}

std::string_view picture_options_help() {
    return "  --timeline         draw the schedule in the terminal: one row per task,\n"
           "                     # running, - ready, . sleeping, ~ waiting\n"
           "  --window FROM-TO   draw only this part of the time (implies --timeline),\n"
           "                     like 0-240s or 1h-2h\n"
           "  --width N          the chart's width in columns (default: the terminal's, or 80)\n"
           "  --trace FILE       write the trace, with its wait events, as JSON Lines\n"
           "  --chrome-trace FILE  write the schedule in the Trace Event Format: open it in\n"
           "                     https://ui.perfetto.dev or chrome://tracing\n"
           "  --html FILE        write one web page, complete in itself (open it in any\n"
           "                     browser; it fetches nothing): the schedule as a timeline\n"
           "                     and the loop's queues at each step, in every technique\n"
           "                     run, side by side; it keeps at most 10,000 steps (fewer\n"
           "                     for many tasks: 200,000 tasks x steps) and says where it\n"
           "                     stopped\n";
}

namespace {

int terminal_width() {
    winsize size{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
        size.ws_col >= 44) {
        return size.ws_col;
    }
    if (const char* columns = std::getenv("COLUMNS")) {
        if (auto n = parse_count(columns, 44, 1000)) {
            return static_cast<int>(*n);
        }
    }
    return 80;
}

}  // namespace

std::string draw_pictures(const Trace& trace, const Spawns& spawns, const PictureOptions& options,
                          std::string_view title, std::ostream& out) {
    if (!options.trace_file.empty()) {
        std::ofstream file(options.trace_file);
        trace.write_jsonl(file);
        if (!file.flush()) {
            return "cannot write " + excerpt(options.trace_file) + ": " + std::strerror(errno);
        }
    }
    if (options.chrome_trace_file.empty() && !options.timeline) {
        return "";
    }
    const Schedule schedule = schedule_of(trace, spawns);
    if (!options.chrome_trace_file.empty()) {
        std::ofstream file(options.chrome_trace_file);
        write_chrome_trace(schedule, file, title);
        if (!file.flush()) {
            return "cannot write " + excerpt(options.chrome_trace_file) + ": " +
                   std::strerror(errno);
        }
    }
    if (options.timeline) {
        const int width = options.width > 0 ? options.width : terminal_width();
        out << title.substr(0, static_cast<std::size_t>(width)) << "\n";
        write_timeline(schedule, out, width, options.window_from_ms, options.window_to_ms);
    }
    return "";
}

}  // namespace coop::cli
