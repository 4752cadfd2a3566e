#include "cli/chess_real_clock.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <map>

#include "os/children.hpp"

namespace coop::cli {

namespace {

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            _exit(1);
        }
        done += static_cast<std::size_t>(n);
    }
}

std::string read_all(int fd) {
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return text;
        }
        text.append(buffer, static_cast<std::size_t>(n));
    }
}

// In the child: plays, then sends one line of times and the trace, as JSON
// Lines. It ends with _exit: a forked child must not flush the parent's
// buffers or run its atexit handlers.
[[noreturn]] void play_and_report(const TechniqueEntry& version, const chess::Exhibition& e,
                                  int report_fd) {
    // Linux may let a sleep overrun by up to 50 us to batch wake-ups (timer
    // slack); os/chess_threads.cpp turns it off for the same reason.
    prctl(PR_SET_TIMERSLACK, 1UL);
    try {
        Trace trace;
        trace.reserve(static_cast<std::size_t>(chess::asynchronous_switches(e)) * 3);
        // The real time is measured around the loop's whole life (its clock
        // starts when it is made, and is read before the real time is): a
        // run's real time is never less than its simulated one.
        const auto start = std::chrono::steady_clock::now();
        Loop loop(ClockKind::Real);
        version.play_exhibition(e, loop, trace);
        const Time took = loop.now();
        const std::chrono::nanoseconds real = std::chrono::steady_clock::now() - start;
        // Both times travel as nanoseconds, whatever unit the loop's clock counts in.
        const nlohmann::json times = {
            {"took_ns", std::chrono::duration_cast<std::chrono::nanoseconds>(took).count()},
            {"real_ns", std::chrono::duration_cast<std::chrono::nanoseconds>(real).count()}};
        write_all(report_fd, times.dump() + "\n" + trace.to_jsonl());
        _exit(0);
    } catch (const std::exception& err) {
        write_all(report_fd, nlohmann::json{{"error", err.what()}}.dump() + "\n");
        _exit(1);
    }
}

RealClockRun read_report(const std::string& text) {
    RealClockRun run;
    std::vector<nlohmann::json> lines;
    try {
        lines = parse_jsonl(text);
    } catch (const std::exception& err) {
        run.error = std::string("its report is not JSON Lines: ") + err.what();
        return run;
    }
    if (lines.empty()) {
        run.error = "it ended without a report";
    } else if (lines[0].contains("error")) {
        run.error = lines[0]["error"].get<std::string>();
    } else {
        run.took = std::chrono::duration_cast<Time>(
            std::chrono::nanoseconds(lines[0]["took_ns"].get<std::int64_t>()));
        run.real = std::chrono::nanoseconds(lines[0]["real_ns"].get<std::int64_t>());
        run.trace.assign(lines.begin() + 1, lines.end());
    }
    return run;
}

}  // namespace

std::vector<RealClockRun> play_on_real_clock(const std::vector<TechniqueEntry>& versions,
                                             const chess::Exhibition& e,
                                             const std::function<void()>& meanwhile) {
    std::vector<RealClockRun> runs(versions.size());
    std::vector<pid_t> children;
    std::vector<int> reports(versions.size(), -1);
    for (std::size_t v = 0; v < versions.size(); ++v) {
        int fds[2];
        if (pipe(fds) != 0) {
            runs[v].error = "no pipe for its report";
            continue;
        }
        const pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            play_and_report(versions[v], e, fds[1]);
        }
        close(fds[1]);
        if (pid < 0) {
            close(fds[0]);
            runs[v].error = "the system refused a process to play it in";
            continue;
        }
        children.push_back(pid);
        reports[v] = fds[0];
    }
    meanwhile();
    // Read each report to its end before waiting: a child whose trace does
    // not fit in the pipe waits for it to be read.
    for (std::size_t v = 0; v < versions.size(); ++v) {
        if (reports[v] >= 0) {
            runs[v] = read_report(read_all(reports[v]));
            close(reports[v]);
        }
    }
    os::wait_for_children(children);
    return runs;
}

namespace {

// Each task's events in order, without their times.
std::map<std::string, std::vector<nlohmann::json>> story_of_each_task(
    const std::vector<nlohmann::json>& events) {
    std::map<std::string, std::vector<nlohmann::json>> stories;
    for (nlohmann::json event : events) {
        event.erase("t");
        stories[event.value("task", "")].push_back(event);
    }
    return stories;
}

long long switches(const std::vector<nlohmann::json>& events) {
    long long n = 0;
    for (const nlohmann::json& event : events) {
        n += event["event"] == "start" || event["event"] == "resume" ? 1 : 0;
    }
    return n;
}

}  // namespace

std::string real_clock_difference(const Trace& reference, const std::vector<nlohmann::json>& real) {
    const Trace plain = reference.without_waits();
    std::vector<nlohmann::json> expected;
    for (const Event& event : plain.events()) {
        expected.push_back(to_json(event));
    }
    if (switches(real) != switches(expected)) {
        return std::to_string(switches(real)) + " task switches instead of " +
               std::to_string(switches(expected));
    }
    const auto expected_stories = story_of_each_task(expected);
    const auto real_stories = story_of_each_task(real);
    for (const auto& [task, story] : expected_stories) {
        const auto found = real_stories.find(task);
        if (found == real_stories.end() || found->second != story) {
            return "task " + task + " has other events, or in another order";
        }
    }
    if (real_stories.size() != expected_stories.size()) {
        return "it has tasks that the virtual-clock run does not have";
    }
    return {};
}

}  // namespace coop::cli
