// Memory per suspended task, measured: N tasks of each technique are spawned
// and left suspended on a timer, and the program counts the heap bytes they
// hold and the resident memory they added (/proc/self/statm). Targets:
// 1,000,000 concurrent tasks for callbacks, generators and coroutines;
// 100,000 fibers. One iteration each: this measures space, not time.
//
// Two heap counts (bench/heap_counter.hpp):
//   heap_bytes_per_task   every byte asked of operator new while the tasks
//                         were spawned, including what was freed again (the
//                         old buffers of a vector that grew, say)
//   held_bytes_per_task   what is still allocated once they all wait, as
//                         malloc reserves it: the memory the suspended tasks
//                         actually take
#include <benchmark/benchmark.h>

#include "bench/heap_counter.hpp"
#include "callbacks/runtime.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"
#include "generators/runtime.hpp"

namespace {

using namespace std::chrono_literals;
namespace cb = coop::callbacks;
namespace co = coop::coroutines;
namespace fb = coop::fibers;
namespace gen = coop::generators;
using coop::Loop;

// Spawns `tasks` tasks with `spawn_one`, lets them all start and suspend,
// and reports what they hold.
template <class SpawnOne>
void measure(benchmark::State& state, Loop& loop, long tasks, SpawnOne spawn_one) {
    const coop::bench::Usage before = coop::bench::usage_now();
    for (long i = 0; i < tasks; ++i) {
        spawn_one();
    }
    loop.run_once();  // every task starts and suspends on its timer
    coop::bench::report_per_task(state, before, coop::bench::usage_now(), tasks);
    loop.clear();
}

void BM_memory_callbacks(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        cb::Runtime rt(loop);
        measure(state, loop, state.range(0), [&] {
            cb::TaskHandle task = rt.create_task("t");
            rt.spawn(task, [&rt, t = &task.record()](const cb::Wakeup&) {
                rt.sleep(*t, 1h, [](const cb::Wakeup&) {});
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
