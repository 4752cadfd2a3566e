// Finished tasks are reclaimed: 100,000 tasks spawned and finished in one
// long-lived runtime leave the heap as they found it, in every technique.
// This binary counts the bytes every operator new hands out and every
// operator delete takes back, so it is a program of its own.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "callbacks/runtime.hpp"
#include "common/task_names.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"
#include "generators/runtime.hpp"

namespace {
// Each block carries its size in front of it (16 bytes, to keep the
// alignment operator new promises).
constexpr std::size_t kHeader = 16;
long long bytes_in_use = 0;
}  // namespace

void* operator new(std::size_t size) {
    auto* block = static_cast<unsigned char*>(std::malloc(size + kHeader));
    if (block == nullptr) {
        throw std::bad_alloc();
    }
    *reinterpret_cast<std::size_t*>(block) = size;
    bytes_in_use += static_cast<long long>(size);
    return block + kHeader;
}
void operator delete(void* p) noexcept {
    if (p != nullptr) {
        auto* block = static_cast<unsigned char*>(p) - kHeader;
        bytes_in_use -= static_cast<long long>(*reinterpret_cast<std::size_t*>(block));
        std::free(block);
    }
}
void operator delete(void* p, std::size_t) noexcept {
    operator delete(p);
}

namespace coop::test {

using namespace std::chrono_literals;

constexpr int kBatch = 100;     // tasks alive at once
constexpr int kBatches = 1000;  // 100,000 tasks in all

// Spawns a batch of tasks, each named differently, that yield once and
// end; the loop runs them all to the end.
void callbacks_batch(callbacks::Runtime& rt, Loop& loop, int batch) {
    for (int i = 0; i < kBatch; ++i) {
        callbacks::TaskHandle task = rt.create_task("task " + std::to_string(batch * kBatch + i));
        rt.spawn(task, [&rt, t = &task.record()](const callbacks::Wakeup&) {
            rt.yield(*t, [&rt, t](const callbacks::Wakeup&) { rt.finish(*t, Ending::Ended); });
        });
    }
    loop.run();
}

generators::TaskGenerator generator_body() {
    co_yield generators::SleepFor{0ms};
}
void generators_batch(generators::Runtime& rt, Loop& loop, int batch) {
    for (int i = 0; i < kBatch; ++i) {
        rt.spawn(rt.create_task("task " + std::to_string(batch * kBatch + i)), generator_body());
    }
    loop.run();
}

coroutines::Task<void> coroutine_body() {
    co_await coroutines::yield();
}
void coroutines_batch(coroutines::Runtime& rt, Loop& loop, int batch) {
    for (int i = 0; i < kBatch; ++i) {
        rt.spawn("task " + std::to_string(batch * kBatch + i), coroutine_body());
    }
    loop.run();
}

void fibers_batch(fibers::Runtime& rt, Loop& loop, int batch) {
    for (int i = 0; i < kBatch; ++i) {
        rt.spawn("task " + std::to_string(batch * kBatch + i), [] { fibers::yield(); });
    }
    loop.run();
}

// The first batches grow what is reused (the record pool, the loop's
// queues, the name table and its buckets; unused names are removed in
// sweeps, common/task_names.hpp, so the heap in use goes up and down with
// them). After those, the heap in use must never exceed the most it reached
// in them: it stays flat however many tasks have come and gone.
template <class Runtime, class Batch>
void check_heap_returns_to_baseline(Batch run_batch) {
    constexpr int kWarmUp = 10;
    Loop loop;
    Runtime rt(loop);
    long long baseline = 0;
    for (int batch = 0; batch < kWarmUp; ++batch) {
        run_batch(rt, loop, batch);
        baseline = std::max(baseline, bytes_in_use);
    }
    long long most = 0;
    for (int batch = kWarmUp; batch < kBatches; ++batch) {
        run_batch(rt, loop, batch);
        most = std::max(most, bytes_in_use);
    }
    CHECK(rt.unfinished_tasks().empty());
    CHECK(most <= baseline);
}

TEST_CASE("callbacks: 100,000 finished tasks give their memory back") {
    check_heap_returns_to_baseline<callbacks::Runtime>(callbacks_batch);
}
TEST_CASE("generators: 100,000 finished tasks give their memory back") {
    check_heap_returns_to_baseline<generators::Runtime>(generators_batch);
}
TEST_CASE("coroutines: 100,000 finished tasks give their memory back") {
    check_heap_returns_to_baseline<coroutines::Runtime>(coroutines_batch);
}
TEST_CASE("fibers: 100,000 finished tasks give their memory back") {
    check_heap_returns_to_baseline<fibers::Runtime>(fibers_batch);
}

TEST_CASE("the names of finished tasks go: at most about twice the names in use are kept") {
    // A server naming each connection differently: 100 at a time, 100,000 in all.
    TaskNames names;
    std::vector<TaskNames::Entry*> in_use;
    std::size_t most = 0;
    for (int i = 0; i < 100'000; ++i) {
        in_use.push_back(&names.keep("connection " + std::to_string(i)));
        if (in_use.size() == 100) {
            for (TaskNames::Entry* entry : in_use) {
                names.drop(*entry);
            }
            in_use.clear();
        }
        most = std::max(most, names.size());
    }
    CHECK(most <= 2 * 100 + 64 + 1);
    // A name used again before a sweep is the same entry, counted again.
    TaskNames::Entry& first = names.keep("worker");
    names.drop(first);
    TaskNames::Entry& again = names.keep("worker");
    CHECK(&again == &first);
    CHECK(again.second == 1);
}

}  // namespace coop::test
