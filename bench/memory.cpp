// Memory per suspended task, measured: N tasks of each technique are spawned
// and left suspended on a timer, and the program counts the heap bytes they
// hold and the resident memory they added (/proc/self/statm). Targets:
// 1,000,000 concurrent tasks for callbacks, generators and coroutines;
// 100,000 fibers. One iteration each: this measures space, not time.
//
// Two heap counts (every operator new and delete goes through the counters
// below):
//   heap_bytes_per_task   every byte asked of operator new while the tasks
//                         were spawned, including what was freed again (the
//                         old buffers of a vector that grew, say)
//   held_bytes_per_task   what is still allocated once they all wait, as
//                         malloc reserves it (malloc_usable_size: a request
//                         is rounded up to malloc's chunk size): the memory
//                         the suspended tasks actually take
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <new>

#include <malloc.h>
#include <unistd.h>

#include "callbacks/runtime.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"
#include "generators/runtime.hpp"

namespace {
std::atomic<long> bytes_allocated{0};
std::atomic<long> bytes_held{0};
}  // namespace

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

namespace {

using namespace std::chrono_literals;
namespace cb = coop::callbacks;
namespace co = coop::coroutines;
namespace fb = coop::fibers;
namespace gen = coop::generators;
using coop::Loop;

long resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    long total = 0;
    long resident = 0;
    statm >> total >> resident;
    return resident * sysconf(_SC_PAGESIZE);
}

// Spawns `tasks` tasks with `spawn_one`, lets them all start and suspend,
// and reports what they hold.
template <class SpawnOne>
void measure(benchmark::State& state, Loop& loop, long tasks, SpawnOne spawn_one) {
    const long bytes_before = bytes_allocated.load();
    const long held_before = bytes_held.load();
    const long resident_before = resident_bytes();
    for (long i = 0; i < tasks; ++i) {
        spawn_one();
    }
    loop.run_once();  // every task starts and suspends on its timer
    const long bytes = bytes_allocated.load() - bytes_before;
    const long held = bytes_held.load() - held_before;
    const long resident = resident_bytes() - resident_before;
    state.counters["tasks"] = static_cast<double>(tasks);
    state.counters["heap_bytes_per_task"] = static_cast<double>(bytes) / static_cast<double>(tasks);
    state.counters["held_bytes_per_task"] = static_cast<double>(held) / static_cast<double>(tasks);
    state.counters["resident_bytes_per_task"] =
        static_cast<double>(resident) / static_cast<double>(tasks);
    loop.clear();
}

void BM_memory_callbacks(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        cb::Runtime rt(loop);
        measure(state, loop, state.range(0), [&] {
            cb::Task* task = &rt.create_task("t");
            rt.spawn(*task, [&rt, task](const cb::Wakeup&) {
                rt.sleep(*task, 1h, [](const cb::Wakeup&) {});
            });
        });
    }
}

gen::TaskGenerator generator_sleeper() {
    co_yield gen::SleepFor{1h};
}

void BM_memory_generators(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        gen::Runtime rt(loop);
        measure(state, loop, state.range(0),
                [&] { rt.spawn(rt.create_task("t"), generator_sleeper()); });
    }
}

co::Task<void> coroutine_sleeper() {
    co_await co::sleep(1h);
}

void BM_memory_coroutines(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        co::Runtime rt(loop);
        measure(state, loop, state.range(0), [&] { rt.spawn("t", coroutine_sleeper()); });
    }
}

// range(1): 0 = boost::context fibers, 1 = Boost.Coroutine2. Pooled 16 KiB
// stacks: 100,000 guarded stacks would need 200,000 memory mappings, over
// Linux's default vm.max_map_count of 65,530 (see fibers/README.md).
void BM_memory_fibers(benchmark::State& state) {
    const fb::Backend backend = state.range(1) == 0 ? fb::Backend::Fiber : fb::Backend::Coroutine2;
    for (auto _ : state) {
        Loop loop;
        fb::Runtime rt(loop, nullptr, fb::StackOptions{16 * 1024, true});
        measure(state, loop, state.range(0), [&] {
            rt.spawn(
                "t", [] { fb::sleep(1h); }, backend);
        });
    }
}

}  // namespace

BENCHMARK(BM_memory_callbacks)->Arg(1'000'000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_memory_generators)->Arg(1'000'000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_memory_coroutines)->Arg(1'000'000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_memory_fibers)
    ->Args({100'000, 0})
    ->Args({100'000, 1})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
