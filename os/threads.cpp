#include "os/threads.hpp"

#include <stdexcept>
#include <string>

namespace coop::os {

void join_and_report_refused_thread(std::vector<std::thread>& started, std::size_t wanted,
                                    const std::system_error& err) {
    for (std::thread& t : started) {
        t.join();
    }
    throw std::runtime_error("the system refused to start thread " +
                             std::to_string(started.size() + 1) + " of " + std::to_string(wanted) +
                             ": " + err.code().message() +
                             " (ulimit -u and the memory for their stacks limit threads)");
}

}  // namespace coop::os
