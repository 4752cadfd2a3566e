// Waiting for forked children, shared by the process versions.
#pragma once

#include <sys/types.h>

#include <vector>

namespace coop::os {

// What the message of a refused fork ends with: what limits processes.
inline constexpr const char* kProcessLimits = " (ulimit -u limits processes)";

// Waits for every child to end; returns how many did not exit with status 0.
int wait_for_children(const std::vector<pid_t>& children);

}  // namespace coop::os
