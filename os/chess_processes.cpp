// One process per table, each with its own master: they play in parallel.
// A child reports its context switches and peak resident memory through a
// pipe, then ends with _exit (a forked child of a program must not run the
// parent's atexit handlers or flush its buffers).
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "os/chess.hpp"
#include "os/children.hpp"

namespace coop::os {

namespace {

struct ChildReport {
    long long context_switches;
    long long max_resident_kib;
};

[[noreturn]] void play_one_game(const chess::Exhibition& e, int report_fd) {
    prctl(PR_SET_TIMERSLACK, 1UL);  // no batching of wake-ups: see chess_threads.cpp
    for (int move = 0; move < e.move_pairs; ++move) {
        std::this_thread::sleep_for(e.master_move);    // her clone thinks
        std::this_thread::sleep_for(e.opponent_move);  // the opponent thinks
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const ChildReport report{usage.ru_nvcsw + usage.ru_nivcsw, usage.ru_maxrss};
    const bool sent = write(report_fd, &report, sizeof report) == sizeof report;
    _exit(sent ? 0 : 1);
}

std::runtime_error system_error(const std::string& what) {
    return std::runtime_error(what + ": " + std::strerror(errno));
}

}  // namespace

OsRun play_with_processes(const chess::Exhibition& e) {
    int fds[2];
    if (pipe(fds) != 0) {
        throw system_error("pipe");
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<pid_t> children;
    for (int table = 0; table < e.tables; ++table) {
        const pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            play_one_game(e, fds[1]);
        }
        if (pid < 0) {
            const std::runtime_error error(
                "the system refused to start process " + std::to_string(table + 1) + " of " +
                std::to_string(e.tables) + ": " + std::strerror(errno) + kProcessLimits);
            wait_for_children(children);
            close(fds[0]);
            close(fds[1]);
            throw error;
        }
        children.push_back(pid);
    }
    close(fds[1]);
    const int failed = wait_for_children(children);
    OsRun run;
    run.real = std::chrono::steady_clock::now() - start;
    ChildReport report{};
    while (read(fds[0], &report, sizeof report) == sizeof report) {
        run.context_switches += report.context_switches;
        run.memory_bytes += static_cast<std::size_t>(report.max_resident_kib) * 1024;
    }
    close(fds[0]);
    if (failed > 0) {
        throw std::runtime_error(std::to_string(failed) + " of the table processes failed");
    }
    return run;
}

}  // namespace coop::os
