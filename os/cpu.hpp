// The CPU-bound work of `coop cpu` (common/primes.hpp) spread over threads
// or processes: here the OS runs the chunks on different cores at once.
#pragma once

#include <cstdint>
#include <vector>

#include "common/primes.hpp"

namespace coop::os {

// One thread per range; returns the total count.
std::int64_t count_primes_with_threads(const std::vector<Range>& ranges);

// One process per range, each reporting its count through a pipe. Throws
// std::runtime_error if a process cannot be created or fails.
std::int64_t count_primes_with_processes(const std::vector<Range>& ranges);

}  // namespace coop::os
