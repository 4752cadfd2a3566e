#include "os/children.hpp"

#include <sys/wait.h>

#include <cerrno>

namespace coop::os {

int wait_for_children(const std::vector<pid_t>& children) {
    int failed = 0;
    for (pid_t child : children) {
        int status = 0;
        pid_t waited = 0;
        while ((waited = waitpid(child, &status, 0)) < 0 && errno == EINTR) {
        }
        failed += waited == child && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
    }
    return failed;
}

}  // namespace coop::os
