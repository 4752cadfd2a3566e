// What a program holds: every operator new and delete of a program that
// links heap_counter.cpp goes through two counters, and /proc/self/statm
// says which of its pages are resident. The memory benchmarks (memory.cpp
// for coop's techniques, peers_memory.cpp for the C++ peers) take a Usage
// before and after leaving N tasks suspended, and report the difference per
// task.
#pragma once

#include <benchmark/benchmark.h>

namespace coop::bench {

struct Usage {
    // Every byte asked of operator new so far, including what was freed again
    // (the old buffers of a vector that grew, say).
    long allocated = 0;
    // What is allocated now, as malloc reserves it (malloc_usable_size: a
    // request is rounded up to malloc's chunk size).
    long held = 0;
    // The process's pages in RAM, in bytes.
    long resident = 0;
};

Usage usage_now();

// The benchmark's counters: tasks, heap_bytes_per_task, held_bytes_per_task
// and resident_bytes_per_task, from what grew between `before` and `after`.
void report_per_task(benchmark::State& state, const Usage& before, const Usage& after, long tasks);

}  // namespace coop::bench
