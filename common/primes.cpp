#include "common/primes.hpp"

namespace coop {

namespace {

bool is_prime(std::int64_t n) {
    if (n < 2) {
        return false;
    }
    if (n % 2 == 0) {
        return n == 2;
    }
    for (std::int64_t d = 3; d * d <= n; d += 2) {
        if (n % d == 0) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::int64_t count_primes(std::int64_t from, std::int64_t to) {
    std::int64_t count = 0;
    for (std::int64_t n = from; n < to; ++n) {
        count += is_prime(n) ? 1 : 0;
    }
    return count;
}

std::vector<Range> split_range(std::int64_t limit, int chunks) {
    std::vector<Range> ranges;
    for (int i = 0; i < chunks; ++i) {
        ranges.push_back(Range{limit * i / chunks, limit * (i + 1) / chunks});
    }
    return ranges;
}

}  // namespace coop
