// Memory per suspended task of the C++ peers, counted as memory.cpp counts
// coop's (bench/heap_counter.hpp): N tasks each waiting one hour on a timer.
//   Asio post:      a steady_timer and the handler of its async_wait, the
//                   callbacks way
//   Asio awaitable: a coroutine frame (co_spawn) suspended on a timer
//   Asio spawn:     a stackful coroutine (Boost.Coroutine, Asio's default
//                   stack) suspended on a timer
//   Boost.Fiber:    a fiber on a pooled 16 KiB stack, as coop's fiber rows,
//                   in a timed wait on a condition variable
// One iteration each: this measures space, not time.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/fiber/all.hpp>

#include "bench/heap_counter.hpp"

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using coop::bench::report_per_task;
using coop::bench::Usage;
using coop::bench::usage_now;

void BM_memory_peer_AsioPost(benchmark::State& state) {
    const long tasks = state.range(0);
    for (auto _ : state) {
        asio::io_context io(1);
        const Usage before = usage_now();
        std::vector<asio::steady_timer> timers;
        timers.reserve(static_cast<std::size_t>(tasks));
        for (long i = 0; i < tasks; ++i) {
            timers.emplace_back(io, 1h);
            timers.back().async_wait([](const boost::system::error_code&) {});
        }
        io.poll();
        report_per_task(state, before, usage_now(), tasks);
        io.stop();
    }
}
BENCHMARK(BM_memory_peer_AsioPost)->Arg(1'000'000)->Iterations(1)->Unit(benchmark::kMillisecond);

asio::awaitable<void> awaitable_sleeper() {
    asio::steady_timer timer(co_await asio::this_coro::executor, 1h);
    co_await timer.async_wait(asio::use_awaitable);
}

void BM_memory_peer_AsioAwaitable(benchmark::State& state) {
    const long tasks = state.range(0);
    for (auto _ : state) {
        asio::io_context io(1);
        const Usage before = usage_now();
        for (long i = 0; i < tasks; ++i) {
            asio::co_spawn(io, awaitable_sleeper(), asio::detached);
        }
        io.poll();  // every coroutine starts and suspends on its timer
        report_per_task(state, before, usage_now(), tasks);
        io.stop();
    }
}
BENCHMARK(BM_memory_peer_AsioAwaitable)
    ->Arg(1'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_memory_peer_AsioSpawn(benchmark::State& state) {
    const long tasks = state.range(0);
    for (auto _ : state) {
        asio::io_context io(1);
        const Usage before = usage_now();
        for (long i = 0; i < tasks; ++i) {
            asio::spawn(io, [&io](asio::yield_context yield) {
                asio::steady_timer timer(io, 1h);
                timer.async_wait(yield);
            });
        }
        io.poll();
        report_per_task(state, before, usage_now(), tasks);
        io.stop();
    }
}
BENCHMARK(BM_memory_peer_AsioSpawn)->Arg(100'000)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_memory_peer_BoostFiber(benchmark::State& state) {
    const long tasks = state.range(0);
    for (auto _ : state) {
        boost::fibers::mutex mutex;
        boost::fibers::condition_variable wake_up;
        bool over = false;
        boost::fibers::pooled_fixedsize_stack stacks(16 * 1024);
        const Usage before = usage_now();
        std::vector<boost::fibers::fiber> fibers;
        fibers.reserve(static_cast<std::size_t>(tasks));
        for (long i = 0; i < tasks; ++i) {
            fibers.emplace_back(std::allocator_arg, stacks, [&] {
                std::unique_lock<boost::fibers::mutex> lock(mutex);
                wake_up.wait_for(lock, 1h, [&] { return over; });
            });
        }
        boost::this_fiber::yield();  // every fiber starts and waits
        report_per_task(state, before, usage_now(), tasks);
        {
            std::unique_lock<boost::fibers::mutex> lock(mutex);
            over = true;
        }
        wake_up.notify_all();
        for (auto& f : fibers) {
            f.join();
        }
    }
}
BENCHMARK(BM_memory_peer_BoostFiber)->Arg(100'000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
