// C++ threads run at the same time on different cores: unlike CPython's
// threads, no global lock lets only one of them execute code at a time.
#include <system_error>
#include <thread>
#include <vector>

#include "os/cpu.hpp"
#include "os/threads.hpp"

namespace coop::os {

std::int64_t count_primes_with_threads(const std::vector<Range>& ranges) {
    std::vector<std::int64_t> counts(ranges.size(), 0);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        try {
            threads.emplace_back(
                [&, i] { counts[i] = count_primes(ranges[i].from, ranges[i].to); });
        } catch (const std::system_error& err) {
            join_and_report_refused_thread(threads, ranges.size(), err);
        }
    }
    std::int64_t total = 0;
    for (std::size_t i = 0; i < threads.size(); ++i) {
        threads[i].join();
        total += counts[i];
    }
    return total;
}

}  // namespace coop::os
