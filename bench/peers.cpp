// The C++ peers on coop's workloads, where they have them, on one thread:
// Boost.Asio with a concurrency hint of 1, as callbacks (post), as C++20
// coroutines (co_spawn + awaitable) and stackful (spawn, on Boost.Coroutine),
// and Boost.Fiber's round-robin scheduler.
//   yield:      N tasks each yielding M times (ns per yield), all four
//   spawn_join: one task spawning and joining 10,000 trivial tasks (per
//               pair), Asio awaitable and Boost.Fiber
//   ping_pong:  two tasks passing 100,000 values over a channel of capacity
//               0 and 1 (per message), Boost.Fiber (Asio 1.74 has no channel)
//   timers_1m:  1,000,000 Asio steady_timers, each set and waited for with a
//               handler that does nothing (per timer). Asio's timers run on
//               the real clock, so that the run measures the timers and not
//               the waiting, every deadline is already due: up to 1,000 s in
//               the past, random, with coop's seed and range. The timer
//               objects are made before the timing starts, as coop's tasks
//               are spawned before it (bench/techniques.cpp).
// Boost.Fiber has no timer workload here: its timers wait on the real clock.
#include <benchmark/benchmark.h>

#include <chrono>
#include <random>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/fiber/all.hpp>

namespace {

namespace asio = boost::asio;

// A "task" that yields by posting itself to the back of the queue.
struct PostingTask {
    asio::io_context* io;
    long left;
    void operator()() {
        if (--left > 0) {
            asio::post(*io, *this);
        }
    }
};

void BM_AsioPostYield(benchmark::State& state) {
    const long tasks = state.range(0);
    const long yields = state.range(1);
    for (auto _ : state) {
        asio::io_context io(1);
        for (long i = 0; i < tasks; ++i) {
            asio::post(io, PostingTask{&io, yields});
        }
        io.run();
    }
    state.SetItemsProcessed(state.iterations() * tasks * yields);
}
BENCHMARK(BM_AsioPostYield)->Args({1000, 1000})->Unit(benchmark::kMillisecond);

asio::awaitable<void> awaitable_task(long yields) {
    auto executor = co_await asio::this_coro::executor;
    for (long i = 0; i < yields; ++i) {
        co_await asio::post(executor, asio::use_awaitable);
    }
}

void BM_AsioAwaitableYield(benchmark::State& state) {
    const long tasks = state.range(0);
    const long yields = state.range(1);
    for (auto _ : state) {
        asio::io_context io(1);
        for (long i = 0; i < tasks; ++i) {
            asio::co_spawn(io, awaitable_task(yields), asio::detached);
        }
        io.run();
    }
    state.SetItemsProcessed(state.iterations() * tasks * yields);
}
BENCHMARK(BM_AsioAwaitableYield)->Args({1000, 1000})->Unit(benchmark::kMillisecond);

void BM_AsioSpawnYield(benchmark::State& state) {
    const long tasks = state.range(0);
    const long yields = state.range(1);
    for (auto _ : state) {
        asio::io_context io(1);
        for (long i = 0; i < tasks; ++i) {
            asio::spawn(io, [&io, yields](asio::yield_context yield) {
                for (long k = 0; k < yields; ++k) {
                    asio::post(io, yield);
                }
            });
        }
        io.run();
    }
    state.SetItemsProcessed(state.iterations() * tasks * yields);
}
BENCHMARK(BM_AsioSpawnYield)->Args({1000, 1000})->Unit(benchmark::kMillisecond);

void BM_BoostFiberYield(benchmark::State& state) {
    const long tasks = state.range(0);
    const long yields = state.range(1);
    for (auto _ : state) {
        std::vector<boost::fibers::fiber> fibers;
        fibers.reserve(static_cast<std::size_t>(tasks));
        for (long i = 0; i < tasks; ++i) {
            fibers.emplace_back([yields] {
                for (long k = 0; k < yields; ++k) {
                    boost::this_fiber::yield();
                }
            });
        }
        for (auto& f : fibers) {
            f.join();
        }
    }
    state.SetItemsProcessed(state.iterations() * tasks * yields);
}
BENCHMARK(BM_BoostFiberYield)->Args({1000, 1000})->Unit(benchmark::kMillisecond);

constexpr long kChildren = 10'000;
constexpr long kMessages = 100'000;

asio::awaitable<void> trivial_child() {
    co_return;
}

asio::awaitable<void> spawn_and_join_children() {
    auto executor = co_await asio::this_coro::executor;
    for (long i = 0; i < kChildren; ++i) {
        co_await asio::co_spawn(executor, trivial_child(), asio::use_awaitable);
    }
}

void BM_AsioAwaitableSpawnJoin(benchmark::State& state) {
    for (auto _ : state) {
        asio::io_context io(1);
        asio::co_spawn(io, spawn_and_join_children(), asio::detached);
        io.run();
    }
    state.SetItemsProcessed(state.iterations() * kChildren);
}
BENCHMARK(BM_AsioAwaitableSpawnJoin)->Unit(benchmark::kMillisecond);

void BM_BoostFiberSpawnJoin(benchmark::State& state) {
    for (auto _ : state) {
        boost::fibers::fiber parent([] {
            for (long i = 0; i < kChildren; ++i) {
                boost::fibers::fiber child([] {});
                child.join();
            }
        });
        parent.join();
    }
    state.SetItemsProcessed(state.iterations() * kChildren);
}
BENCHMARK(BM_BoostFiberSpawnJoin)->Unit(benchmark::kMillisecond);

// range(0) is the capacity, as in coop's ping-pong. Boost.Fiber's buffered
// channel holds one value less than its size, which must be a power of two:
// size 2 holds one.
template <typename Channel>
void ping_pong(Channel& channel) {
    boost::fibers::fiber ping([&channel] {
        for (long i = 0; i < kMessages; ++i) {
            channel.push(i);
        }
    });
    boost::fibers::fiber pong([&channel] {
        long value = 0;
        for (long i = 0; i < kMessages; ++i) {
            channel.pop(value);
            benchmark::DoNotOptimize(value);
        }
    });
    ping.join();
    pong.join();
}

void BM_BoostFiberPingPong(benchmark::State& state) {
    for (auto _ : state) {
        if (state.range(0) == 0) {
            boost::fibers::unbuffered_channel<long> channel;
            ping_pong(channel);
        } else {
            boost::fibers::buffered_channel<long> channel(2);
            ping_pong(channel);
        }
    }
    state.SetItemsProcessed(state.iterations() * kMessages);
}
BENCHMARK(BM_BoostFiberPingPong)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

void BM_AsioSteadyTimerTimers1M(benchmark::State& state) {
    constexpr long kTimers = 1'000'000;
    std::mt19937 random(7);
    std::uniform_int_distribution<int> ms(0, 1'000'000);
    std::vector<std::chrono::milliseconds> ago;
    for (long i = 0; i < kTimers; ++i) {
        ago.emplace_back(ms(random));
    }
    long fired = 0;
    for (auto _ : state) {
        state.PauseTiming();
        {
            asio::io_context io(1);
            std::vector<asio::steady_timer> timers;
            timers.reserve(kTimers);
            for (long i = 0; i < kTimers; ++i) {
                timers.emplace_back(io);
            }
            state.ResumeTiming();
            const auto now = asio::steady_timer::clock_type::now();
            for (long i = 0; i < kTimers; ++i) {
                asio::steady_timer& timer = timers[static_cast<std::size_t>(i)];
                timer.expires_at(now - ago[static_cast<std::size_t>(i)]);
                timer.async_wait([&fired](const boost::system::error_code&) { ++fired; });
            }
            io.run();
            state.PauseTiming();
        }
        state.ResumeTiming();
    }
    benchmark::DoNotOptimize(fired);
    state.SetItemsProcessed(state.iterations() * kTimers);
}
BENCHMARK(BM_AsioSteadyTimerTimers1M)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
