// CPU-bound work for `coop cpu`: counting primes by trial division. It
// never waits for anything, which is the point: no way of suspending and
// resuming can make it finish sooner on one thread.
#pragma once

#include <cstdint>
#include <vector>

namespace coop {

// The primes p with from <= p < to.
std::int64_t count_primes(std::int64_t from, std::int64_t to);

struct Range {
    std::int64_t from;
    std::int64_t to;
};

// [0, limit) cut into `chunks` consecutive ranges of (nearly) equal length.
std::vector<Range> split_range(std::int64_t limit, int chunks);

}  // namespace coop
