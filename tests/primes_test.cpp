// The CPU-bound work of `coop cpu`, and its split into chunks.
#include <doctest/doctest.h>

#include "common/primes.hpp"
#include "os/cpu.hpp"

namespace coop::test {

TEST_CASE("counting primes: 78,498 below a million, however it is cut") {
    CHECK(count_primes(0, 10) == 4);
    CHECK(count_primes(0, 1'000'000) == 78'498);
    for (int chunks : {1, 3, 7, 64}) {
        CAPTURE(chunks);
        const auto ranges = split_range(1'000'000, chunks);
        REQUIRE(ranges.size() == static_cast<std::size_t>(chunks));
        CHECK(ranges.front().from == 0);
        CHECK(ranges.back().to == 1'000'000);
        std::int64_t total = 0;
        for (std::size_t i = 0; i < ranges.size(); ++i) {
            if (i > 0) {
                CHECK(ranges[i].from == ranges[i - 1].to);  // no gap, no overlap
            }
            total += count_primes(ranges[i].from, ranges[i].to);
        }
        CHECK(total == 78'498);
    }
}

TEST_CASE("threads and processes count the same primes") {
    const auto ranges = split_range(300'000, 5);
    CHECK(os::count_primes_with_threads(ranges) == 25'997);
    CHECK(os::count_primes_with_processes(ranges) == 25'997);
}

}  // namespace coop::test
