// The C++ peers on coop's first workload: N tasks each yielding M times on one
// thread (ns per yield). Boost.Asio with a concurrency hint of 1, as
// callbacks (post), as C++20 coroutines (co_spawn + awaitable), and
// Boost.Fiber's round-robin scheduler.
#include <benchmark/benchmark.h>

#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
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

}  // namespace

BENCHMARK_MAIN();
