#include "bench/heap_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <new>

#include <malloc.h>
#include <unistd.h>

namespace {
std::atomic<long> bytes_allocated{0};
std::atomic<long> bytes_held{0};
}  // namespace

// The replaced global operators: the program's every new and delete, the
// libraries' included (Asio's, Boost.Fiber's, the standard library's).
void* operator new(std::size_t size) {
    bytes_allocated += static_cast<long>(size);
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        bytes_held += static_cast<long>(malloc_usable_size(p));
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    bytes_held -= static_cast<long>(malloc_usable_size(p));
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    bytes_held -= static_cast<long>(malloc_usable_size(p));
    std::free(p);
}

namespace coop::bench {

Usage usage_now() {
    std::ifstream statm("/proc/self/statm");
    long total_pages = 0;
    long resident_pages = 0;
    statm >> total_pages >> resident_pages;
    return Usage{bytes_allocated.load(), bytes_held.load(), resident_pages * sysconf(_SC_PAGESIZE)};
}

void report_per_task(benchmark::State& state, const Usage& before, const Usage& after, long tasks) {
    const auto per_task = [tasks](long bytes) {
        return static_cast<double>(bytes) / static_cast<double>(tasks);
    };
    state.counters["tasks"] = static_cast<double>(tasks);
    state.counters["heap_bytes_per_task"] = per_task(after.allocated - before.allocated);
    state.counters["held_bytes_per_task"] = per_task(after.held - before.held);
    state.counters["resident_bytes_per_task"] = per_task(after.resident - before.resident);
}

}  // namespace coop::bench
