// `coop echo`: every technique's TCP echo server against the load client,
// over 127.0.0.1, both on one real-clock loop in one thread. One row per
// technique: round trips per second, megabytes echoed per second, latency.
#include "cli/echo_command.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/echo_load.hpp"
#include "cli/runs.hpp"
#include "cli/techniques.hpp"
#include "common/net.hpp"
#include "common/text.hpp"

namespace coop::cli {

namespace {

constexpr std::uint64_t kMaxConnections = 10'000;
constexpr std::uint64_t kMaxMessages = 10'000'000;
constexpr std::uint64_t kMaxSize = 64 * 1024 * 1024;
// Every round trip's latency is kept, and every connection holds two
// messages: these bound what a run may ask of memory.
constexpr std::uint64_t kMaxRoundTrips = 10'000'000;
constexpr std::uint64_t kMaxBytesHeld = 1024 * 1024 * 1024;

void print_echo_help(std::ostream& out) {
    out << "usage: coop echo [--technique NAME|all] [--connections N] [--messages M] [--size "
           "BYTES]\n"
           "       coop echo --serve PORT --technique NAME\n"
           "       coop echo --connect PORT [--connections N] [--messages M] [--size BYTES]\n"
           "\n"
           "Runs each technique's TCP echo server on 127.0.0.1 and, on the same loop in the\n"
           "same thread, a client that opens N connections at once and sends M messages of\n"
           "BYTES bytes on each, one round trip at a time, checking every byte that comes\n"
           "back. Prints one row per technique: round trips per second, megabytes (10^6\n"
           "bytes) of messages echoed per second, and round-trip latency percentiles in\n"
           "microseconds (docs/echo.md says what they mean).\n"
           "\n"
           "  --technique NAME   only this technique's server (default: all, one after another)\n"
           "  --connections N    connections open at once (default 50, at most 10,000)\n"
           "  --messages M       messages per connection (default 200, at most 10,000,000)\n"
           "  --size BYTES       bytes per message (default 64, at most 67,108,864)\n"
           "  --serve PORT       run only a server, on 127.0.0.1:PORT (0: a free port), until\n"
           "                     SIGINT (Ctrl-C) or SIGTERM, then say what it served;\n"
           "                     needs --technique\n"
           "  --connect PORT     run only the client, against a server on 127.0.0.1:PORT\n"
           "  --timeout D        with --connect: give up when nothing came back for D\n"
           "                     (default 10s)\n"
           "\n"
           "At most 10,000,000 round trips (connections x messages) and 1 GiB of messages\n"
           "held (connections x size x 2) per run.\n"
           "\n"
           "techniques: "
        << technique_names(" ")
        << "\n"
           "\n"
           "exit status: 0 every byte came back (--serve: stopped by SIGINT or SIGTERM),\n"
           "1 a connection failed (refused, reset, closed early, bytes changed: one line\n"
           "each on standard error), the server did not answer within --timeout, the\n"
           "system refused a socket, or the output could not be written, 2 bad arguments.\n";
}

// A whole number from `min` to `max` written in plain digits, or nothing.
std::optional<std::uint64_t> parse_number(std::string_view text, std::uint64_t min,
                                          std::uint64_t max) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < min ||
        value > max) {
        return std::nullopt;
    }
    return value;
}

std::string range_error(std::string_view flag, std::string_view value, std::uint64_t min,
                        std::uint64_t max) {
    return std::string(flag) + " takes a whole number from " +
           with_thousands(static_cast<std::int64_t>(min)) + " to " +
           with_thousands(static_cast<std::int64_t>(max)) + ", not '" + excerpt(value) + "'";
}

struct EchoArgs {
    std::optional<std::string_view> technique;
    std::optional<std::uint64_t> connections, messages, size, serve, connect;
    Duration timeout = std::chrono::seconds(10);

    LoadOptions load() const {
        return LoadOptions{.port = static_cast<std::uint16_t>(connect.value_or(0)),
                           .connections = connections.value_or(50),
                           .messages = messages.value_or(200),
                           .size = size.value_or(64)};
    }
};

// Parses the arguments into `parsed`; returns an error message, or "".
std::string parse_echo_args(std::span<const std::string_view> args, EchoArgs& parsed) {
    struct Numeric {
        std::string_view flag;
        std::uint64_t min, max;
        std::optional<std::uint64_t>* value;
    };
    const Numeric numerics[] = {{"--connections", 1, kMaxConnections, &parsed.connections},
                                {"--messages", 1, kMaxMessages, &parsed.messages},
                                {"--size", 1, kMaxSize, &parsed.size},
                                {"--serve", 0, 65535, &parsed.serve},
                                {"--connect", 1, 65535, &parsed.connect}};
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view flag = args[i];
        const auto numeric = std::find_if(std::begin(numerics), std::end(numerics),
                                          [flag](const Numeric& n) { return n.flag == flag; });
        if (numeric == std::end(numerics) && flag != "--technique" && flag != "--timeout") {
            return "unknown argument '" + excerpt(flag) + "'";
        }
        if (i + 1 >= args.size()) {
            return std::string(flag) + " needs a value";
        }
        const std::string_view value = args[++i];
        if (flag == "--timeout") {
            const std::optional<Duration> timeout = parse_duration(value);
            if (!timeout || *timeout <= Duration::zero()) {
                return "--timeout takes a positive duration, like 10s or 500ms, not '" +
                       excerpt(value) + "'";
            }
            parsed.timeout = *timeout;
        } else if (numeric == std::end(numerics)) {
            parsed.technique = value;
        } else if (auto number = parse_number(value, numeric->min, numeric->max)) {
            *numeric->value = number;
        } else {
            return range_error(flag, value, numeric->min, numeric->max);
        }
    }
    const LoadOptions load = parsed.load();
    if (load.connections * load.messages > kMaxRoundTrips) {
        return "--connections x --messages is at most " +
               with_thousands(static_cast<std::int64_t>(kMaxRoundTrips)) + " round trips";
    }
    if (load.connections * load.size * 2 > kMaxBytesHeld) {
        return "--connections x --size x 2 is at most 1 GiB of messages held at once";
    }
    if (parsed.serve && parsed.connect) {
        return "--serve and --connect exclude each other (run two processes)";
    }
    if (parsed.serve && (!parsed.technique || *parsed.technique == "all")) {
        return "--serve needs --technique NAME";
    }
    if (parsed.connect && parsed.technique) {
        return "--connect runs only the client: --technique means nothing there";
    }
    return "";
}

// The file descriptors a run needs: a client's and a server's end of every
// connection in this process, and a few more.
std::string check_file_limit(std::size_t sockets) {
    const std::size_t limit = net::raise_open_file_limit();
    if (sockets + 16 > limit) {
        return "this needs " + with_thousands(static_cast<std::int64_t>(sockets + 16)) +
               " open files and the limit is " + with_thousands(static_cast<std::int64_t>(limit)) +
               " (ulimit -n)";
    }
    return "";
}

void print_header(const LoadOptions& load, std::string_view where) {
    std::cout << "coop echo: " << with_thousands(static_cast<std::int64_t>(load.connections))
              << " connections x " << with_thousands(static_cast<std::int64_t>(load.messages))
              << " messages x " << with_thousands(static_cast<std::int64_t>(load.size))
              << " bytes, " << where << "\n";
    char line[160];
    std::snprintf(line, sizeof line, "  %-20s %14s %9s %9s %9s %9s %9s  %s\n", "technique",
                  "round trips/s", "MB/s", "p50 us", "p90 us", "p99 us", "max us", "errors");
    std::cout << line;
}

void print_row(std::string_view name, const LoadReport& report) {
    const double seconds = std::chrono::duration<double>(report.elapsed).count();
    const double trips = seconds > 0 ? static_cast<double>(report.messages) / seconds : 0;
    const double megabytes = seconds > 0 ? static_cast<double>(report.bytes) / seconds / 1e6 : 0;
    const Percentiles p = percentiles(report.latencies);
    auto us = [](Duration d) { return std::chrono::duration<double, std::micro>(d).count(); };
    char line[200];
    std::snprintf(line, sizeof line, "  %-20.*s %14s %9.2f %9.1f %9.1f %9.1f %9.1f  %zu\n",
                  static_cast<int>(name.size()), name.data(),
                  with_thousands(static_cast<std::int64_t>(trips)).c_str(), megabytes, us(p.p50),
                  us(p.p90), us(p.p99), us(p.max), report.errors.size());
    std::cout << line << std::flush;
}

// Tells on standard error what went wrong, a line per failed connection (at
// most ten), and whether the run is complete.
bool report_errors(std::string_view name, const LoadReport& report, const LoadOptions& load) {
    const std::size_t shown = std::min<std::size_t>(report.errors.size(), 10);
    for (std::size_t i = 0; i < shown; ++i) {
        std::cerr << "coop echo: " << name << ": " << report.errors[i] << "\n";
    }
    if (report.errors.size() > shown) {
        std::cerr << "coop echo: " << name << ": and "
                  << with_thousands(static_cast<std::int64_t>(report.errors.size() - shown))
                  << " more failed connections\n";
    }
    return report.errors.empty() && report.messages == load.connections * load.messages;
}

// One technique's server and the client, on a loop of their own.
LoadReport run_against(const TechniqueEntry& server_entry, LoadOptions load) {
    Loop loop(ClockKind::Real);
    net::Socket listener = net::listen_on_loopback(0);
    load.port = net::local_port(listener);
    std::unique_ptr<EchoServer> server = server_entry.start_echo_server(loop, std::move(listener));
    EchoLoad client(loop, load, [&server] { server->stop(); });
    loop.run();
    return client.report();
}

// SIGINT and SIGTERM, turned into a byte on a pipe that the loop watches:
// a signal handler may do almost nothing, but it may write(). The server
// then stops on the loop, between two tasks' steps, like any other event.
int stop_pipe_write_end = -1;

void on_stop_signal(int signal) {
    const unsigned char byte = static_cast<unsigned char>(signal);
    const ssize_t ignored = ::write(stop_pipe_write_end, &byte, 1);
    (void)ignored;
}

int serve(const TechniqueEntry& server_entry, std::uint16_t port) {
    int stop_pipe[2];
    if (::pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        std::cerr << "coop echo: pipe: " << std::strerror(errno) << "\n";
        return 1;
    }
    stop_pipe_write_end = stop_pipe[1];
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);

    Loop loop(ClockKind::Real);
    net::Socket listener = net::listen_on_loopback(port);
    const std::uint16_t bound = net::local_port(listener);
    std::unique_ptr<EchoServer> server = server_entry.start_echo_server(loop, std::move(listener));
    int stopped_by = 0;
    loop.watch(stop_pipe[0], Interest::Readable, [&] {
        unsigned char byte = 0;
        if (::read(stop_pipe[0], &byte, 1) == 1) {
            stopped_by = byte;
        }
        loop.stop();
    });
    std::cout << "coop echo: " << server_entry.name << " echo server on 127.0.0.1:" << bound
              << " (stop it with Ctrl-C)" << std::endl;
    loop.run();    // the accept task always waits for the next client: only a signal ends this
    loop.clear();  // the open connections are abandoned (closed with the server)
    const EchoStats& stats = server->stats();
    std::cout << "coop echo: stopped by " << (stopped_by == SIGTERM ? "SIGTERM" : "SIGINT")
              << " after serving " << with_thousands(static_cast<std::int64_t>(stats.accepted))
              << " connections (" << with_thousands(static_cast<std::int64_t>(stats.closed_by_peer))
              << " closed by the client, "
              << with_thousands(static_cast<std::int64_t>(stats.failed)) << " failed) and echoing "
              << with_thousands(static_cast<std::int64_t>(stats.bytes_echoed)) << " bytes"
              << std::endl;
    server.reset();
    ::close(stop_pipe[0]);
    ::close(stop_pipe[1]);
    return 0;
}

// Stops the loop when the client has made no progress (no round trip done,
// no connection ended) for `limit`: a server that accepts and never answers
// would otherwise keep the client waiting for ever.
class Watchdog {
  public:
    Watchdog(Loop& loop, const EchoLoad& client, Duration limit)
        : loop_(loop), client_(client), limit_(limit), last_progress_(loop.now()) {
        schedule();
    }
    void cancel() { loop_.cancel_timer(timer_); }
    bool fired() const { return fired_; }

  private:
    void schedule() {
        timer_ = loop_.call_later(std::min<Duration>(limit_, std::chrono::seconds(1)),
                                  [this] { check(); });
    }
    void check() {
        const LoadReport& report = client_.report();
        const std::uint64_t progress = report.messages + report.errors.size();
        if (progress != last_seen_) {
            last_seen_ = progress;
            last_progress_ = loop_.now();
        } else if (loop_.now() - last_progress_ >= limit_) {
            fired_ = true;
            loop_.stop();
            return;
        }
        schedule();
    }

    Loop& loop_;
    const EchoLoad& client_;
    const Duration limit_;
    Time last_progress_;
    std::uint64_t last_seen_ = 0;
    TimerId timer_{};
    bool fired_ = false;
};

int connect_only(const LoadOptions& load, Duration timeout) {
    Loop loop(ClockKind::Real);
    std::optional<Watchdog> watchdog;
    EchoLoad client(loop, load, [&watchdog] { watchdog->cancel(); });
    watchdog.emplace(loop, client, timeout);
    loop.run();
    loop.clear();  // after a timeout: the connections still waiting are abandoned
    print_header(load, "to the server on 127.0.0.1:" + std::to_string(load.port));
    print_row("(client only)", client.report());
    if (watchdog->fired()) {
        std::cerr << "coop echo: client: no answer from 127.0.0.1:" << load.port << " for "
                  << describe_duration(timeout) << " (--timeout); "
                  << with_thousands(static_cast<std::int64_t>(client.report().messages)) << " of "
                  << with_thousands(static_cast<std::int64_t>(load.connections * load.messages))
                  << " round trips done\n";
        return 1;
    }
    return report_errors("client", client.report(), load) ? 0 : 1;
}

}  // namespace

int echo_command(std::span<const std::string_view> args) {
    for (const std::string_view arg : args) {
        if (arg == "--help" || arg == "-h") {
            print_echo_help(std::cout);
            return 0;
        }
    }
    EchoArgs parsed;
    if (const std::string error = parse_echo_args(args, parsed); !error.empty()) {
        return usage_error("echo", error);
    }

    std::vector<TechniqueEntry> chosen;
    for (const TechniqueEntry& s : all_techniques()) {
        if (!parsed.technique || *parsed.technique == "all" || s.name == *parsed.technique) {
            chosen.push_back(s);
        }
    }
    if (chosen.empty()) {
        return usage_error("echo", "no technique named '" + std::string(*parsed.technique) +
                                       "' (known: all, " + technique_names(", ") + ")");
    }

    const LoadOptions load = parsed.load();
    const std::size_t sockets = parsed.serve ? 0 : load.connections * (parsed.connect ? 1 : 2);
    if (const std::string error = check_file_limit(sockets); !error.empty()) {
        return usage_error("echo", error);
    }
    try {
        if (parsed.serve) {
            return serve(chosen.front(), static_cast<std::uint16_t>(*parsed.serve));
        }
        if (parsed.connect) {
            return connect_only(load, parsed.timeout);
        }
        print_header(load, "over 127.0.0.1, server and client on one loop");
        bool complete = true;
        for (const TechniqueEntry& s : chosen) {
            const LoadReport report = run_against(s, load);
            print_row(s.name, report);
            complete = report_errors(s.name, report, load) && complete;
        }
        return complete ? 0 : 1;
    } catch (const net::NetError& error) {
        std::cerr << "coop echo: " << error.what() << "\n";
        return 1;
    }
}

}  // namespace coop::cli
