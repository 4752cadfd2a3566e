// One process per chunk: separate address spaces, so the results come back
// through a pipe (Python's multiprocessing does the same with pickles).
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "os/children.hpp"
#include "os/cpu.hpp"

namespace coop::os {

std::int64_t count_primes_with_processes(const std::vector<Range>& ranges) {
    int fds[2];
    if (pipe(fds) != 0) {
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    std::vector<pid_t> children;
    std::string failure;
    for (const Range& range : ranges) {
        const pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            const std::int64_t count = count_primes(range.from, range.to);
            const bool sent = write(fds[1], &count, sizeof count) == sizeof count;
            _exit(sent ? 0 : 1);
        }
        if (pid < 0) {
            failure = "the system refused to start process " + std::to_string(children.size() + 1) +
                      " of " + std::to_string(ranges.size()) + ": " + std::strerror(errno) +
                      kProcessLimits;
            break;
        }
        children.push_back(pid);
    }
    close(fds[1]);
    const int failed = wait_for_children(children);
    std::int64_t total = 0;
    std::int64_t count = 0;
    while (read(fds[0], &count, sizeof count) == sizeof count) {
        total += count;
    }
    close(fds[0]);
    if (!failure.empty()) {
        throw std::runtime_error(failure);
    }
    if (failed > 0) {
        throw std::runtime_error(std::to_string(failed) + " of the counting processes failed");
    }
    return total;
}

}  // namespace coop::os
