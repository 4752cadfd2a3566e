// `coop cpu`: the other half of the seed's contrast. The chess exhibition is
// I/O-bound (everyone waits), so one loop can serve every table; counting
// primes is CPU-bound (nobody waits), so only more cores help.
#include "cli/cpu_command.hpp"

#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "cli/args.hpp"
#include "cli/runs.hpp"
#include "common/primes.hpp"
#include "common/text.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "os/cpu.hpp"

namespace coop::cli {

namespace {

void print_cpu_help(std::ostream& out) {
    out << "usage: coop cpu [--limit N] [--chunks N]\n"
           "\n"
           "Counts the primes below N (default 3,000,000), cut into chunks (default 8):\n"
           "one after another, as cooperative tasks on one event loop (coroutines that\n"
           "yield after every 10,000 numbers), with a thread per chunk and with a\n"
           "process per chunk. Prints the time of each and its speed-up over the\n"
           "sequential count, next to this machine's number of cores.\n"
           "\n"
           "exit status: 0 done, 1 the system refused a thread, a process or memory, the\n"
           "counts differ, or the output could not be written, 2 bad arguments.\n";
}

// Each chunk is a task that counts 10,000 numbers at a time and then yields:
// the tasks take turns, politely, on the one thread of the loop.
coroutines::Task<void> count_chunk(Range range, std::int64_t* total) {
    constexpr std::int64_t slice = 10'000;
    for (std::int64_t from = range.from; from < range.to; from += slice) {
        *total += count_primes(from, std::min(from + slice, range.to));
        co_await coroutines::yield();  // ← gives the loop to the next chunk
    }
}

std::int64_t count_primes_cooperatively(const std::vector<Range>& ranges, long long& switches) {
    Loop loop;
    Trace trace;
    std::int64_t total = 0;
    {
        coroutines::Runtime runtime(loop, &trace);
        for (std::size_t i = 0; i < ranges.size(); ++i) {
            runtime.spawn("chunk" + std::to_string(i), count_chunk(ranges[i], &total));
        }
        loop.run();
    }
    switches = trace.activations();
    return total;
}

struct Row {
    std::string version;
    std::chrono::nanoseconds real{};
    std::int64_t primes = 0;
    std::string how;
};

template <class Work>
Row timed(std::string version, std::string how, Work work) {
    const auto start = std::chrono::steady_clock::now();
    const std::int64_t primes = work();
    return Row{std::move(version), std::chrono::steady_clock::now() - start, primes,
               std::move(how)};
}

}  // namespace

int cpu_command(std::span<const std::string_view> args) {
    std::int64_t limit = 3'000'000;
    int chunks = 8;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") {
            print_cpu_help(std::cout);
            return 0;
        }
        if (arg != "--limit" && arg != "--chunks") {
            return usage_error("cpu", arg.starts_with("-")
                                          ? "unknown option '" + excerpt(arg) + "'"
                                          : "unexpected argument '" + excerpt(arg) + "'");
        }
        if (i + 1 >= args.size()) {
            return usage_error("cpu", std::string(arg) + " needs a value");
        }
        const std::string_view value = args[++i];
        if (arg == "--limit") {
            const auto n = parse_count(value, 1, 1'000'000'000);
            if (!n) {
                return usage_error("cpu", "--limit is a whole number from 1 to 1000000000, not '" +
                                              excerpt(value) + "'");
            }
            limit = *n;
        } else {
            const auto n = parse_count(value, 1, 256);
            if (!n) {
                return usage_error("cpu", "--chunks is a whole number from 1 to 256, not '" +
                                              excerpt(value) + "'");
            }
            chunks = static_cast<int>(*n);
        }
    }

    const std::vector<Range> ranges = split_range(limit, chunks);
    const unsigned cores = std::thread::hardware_concurrency();
    const std::string n = std::to_string(chunks);
    std::vector<Row> rows;
    long long switches = 0;
    try {
        rows.push_back(timed("sequential", "one thread, one chunk after another",
                             [&] { return count_primes(0, limit); }));
        rows.push_back(timed("cooperative", n + " tasks taking turns on one loop",
                             [&] { return count_primes_cooperatively(ranges, switches); }));
        rows.back().how += " (" + with_thousands(switches) + " switches)";
        rows.push_back(timed("threads", n + " threads",
                             [&] { return os::count_primes_with_threads(ranges); }));
        rows.push_back(timed("processes", n + " processes",
                             [&] { return os::count_primes_with_processes(ranges); }));
    } catch (const std::exception& err) {
        std::cerr << "coop cpu: " << err.what() << "\n";
        return 1;
    }

    std::ostream& out = std::cout;
    out << "CPU-bound work: counting the primes below " << with_thousands(limit) << " in " << chunks
        << " chunks.\nThis machine has " << cores << (cores == 1 ? " core" : " cores") << ".\n\n";
    char line[200];
    std::snprintf(line, sizeof line, "  %-12s %12s %9s %12s  %s\n", "version", "real", "speed-up",
                  "primes", "how");
    out << line;
    using Seconds = std::chrono::duration<double>;
    const Seconds sequential = rows[0].real;
    bool agree = true;
    for (const Row& row : rows) {
        const Seconds took = row.real;
        std::snprintf(line, sizeof line, "  %-12s %9.1f ms %8.2fx %12s  %s\n", row.version.c_str(),
                      std::chrono::duration<double, std::milli>(took).count(),
                      took > Seconds::zero() ? sequential / took : 0.0,
                      with_thousands(row.primes).c_str(), row.how.c_str());
        out << line;
        agree = agree && row.primes == rows[0].primes;
    }
    out << "\n"
           "The cooperative tasks take turns on one thread: switching between them only\n"
           "adds work, so they cannot beat the sequential count. An event loop helps when\n"
           "tasks wait (timers, sockets: see `coop chess`), never when they compute.\n"
           "C++ threads run on several cores at once: there is no global interpreter lock\n"
           "as in CPython, so threads, like processes, can approach a speed-up of "
        << cores << "x here.\n";
    if (!agree) {
        std::cerr << "coop cpu: the versions counted different numbers of primes\n";
        return 1;
    }
    return 0;
}

}  // namespace coop::cli
