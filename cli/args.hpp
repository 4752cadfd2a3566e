// Reading command-line values: counts, durations, and the options that draw
// a run's schedule (shared by `coop run` and `coop chess`).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/schedule.hpp"
#include "common/trace.hpp"

namespace coop::cli {

// A whole number in [min, max], or nothing (not a number, out of range).
std::optional<std::int64_t> parse_count(std::string_view text, std::int64_t min, std::int64_t max);

// "5s", "55 s", "1.5s", "100ms", "250us", "2min", "1h": a duration in
// [0, 1e6 s], rounded to the clock's microseconds, or nothing. A plain
// number is in seconds; the number is plain decimal ("0x10", "1e3", "inf"
// are refused).
std::optional<Duration> parse_duration(std::string_view text);

// "5 s", "1.5 ms", "250 us": short and readable.
std::string describe_duration(Duration d);

// --trace FILE, --chrome-trace FILE, --html FILE, --timeline, --window FROM-TO, --width N
struct PictureOptions {
    std::string trace_file;         // JSON Lines, with the wait events
    std::string chrome_trace_file;  // Trace Event Format
    std::string html_file;          // the page of cli/html_page.hpp (drawn from frames, not here)
    bool timeline = false;          // a chart on standard output
    std::int64_t window_from_ms = 0;
    std::int64_t window_to_ms = 0;  // 0: to the end
    int width = 0;                  // 0: the terminal's width, or 80

    // The pictures draw_pictures draws from the trace (the page is not one).
    bool wanted() const { return timeline || !trace_file.empty() || !chrome_trace_file.empty(); }
};

// If args[i] is one of the picture options, reads it (and its value,
// advancing i) and returns true. Sets `error` to a message when its value is
// missing or bad.
bool read_picture_option(std::span<const std::string_view> args, std::size_t& i,
                         PictureOptions& options, std::string& error);

// Checks that the files the options name can be written, before anything
// runs (creating them, empty): returns a message naming the file and the
// system's reason, or "". A run of an hour should not be lost to a typo in
// a directory name.
std::string check_picture_files(const PictureOptions& options);

// The help text of those options, for a command's --help.
std::string_view picture_options_help();

// Writes what `options` ask for; `spawns` says who spawned the tasks (see
// common/schedule.hpp). Returns an error message, or "".
std::string draw_pictures(const Trace& trace, const Spawns& spawns, const PictureOptions& options,
                          std::string_view title, std::ostream& out);

}  // namespace coop::cli
