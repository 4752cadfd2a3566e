// The raw limits: what one suspension costs with nothing around it.
// Every technique in coop pays this and then some; the ratios in
// docs/performance.md are taken against these numbers, measured in the same run.
#include <benchmark/benchmark.h>

#include <condition_variable>
#include <coroutine>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include <sys/wait.h>
#include <unistd.h>

#include <boost/context/fiber.hpp>
#include <boost/coroutine2/coroutine.hpp>

namespace {

// A coroutine that suspends forever: each resume runs it to its next
// suspension point and comes straight back.
struct Forever {
    struct promise_type {
        Forever get_return_object() {
            return Forever{std::coroutine_handle<promise_type>::from_promise(*this)};
        }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
    explicit Forever(std::coroutine_handle<promise_type> h) : handle(h) {}
    Forever(Forever&& other) noexcept : handle(std::exchange(other.handle, nullptr)) {}
    Forever& operator=(Forever&&) = delete;
    ~Forever() {
        if (handle) {
            handle.destroy();
        }
    }
    std::coroutine_handle<promise_type> handle;
};

Forever suspend_forever() {
    for (;;) {
        co_await std::suspend_always{};
    }
}

void BM_BareCoroutineResume(benchmark::State& state) {
    Forever coroutine = suspend_forever();
    for (auto _ : state) {
        coroutine.handle.resume();  // in, to the next co_await, and out
    }
}
BENCHMARK(BM_BareCoroutineResume);

void BM_BareFiberSwitch(benchmark::State& state) {
    namespace ctx = boost::context;
    bool done = false;
    ctx::fiber fiber{[&done](ctx::fiber&& caller) {
        while (!done) {
            caller = std::move(caller).resume();  // back to the benchmark
        }
        return std::move(caller);
    }};
    for (auto _ : state) {
        fiber = std::move(fiber).resume();  // a round trip: there and back
    }
    done = true;
    fiber = std::move(fiber).resume();
}
BENCHMARK(BM_BareFiberSwitch);

void BM_BareCoroutine2Switch(benchmark::State& state) {
    using Coroutine = boost::coroutines2::coroutine<int>;
    Coroutine::pull_type source([](Coroutine::push_type& yield) {
        for (;;) {
            yield(1);
        }
    });
    for (auto _ : state) {
        source();  // a round trip into the coroutine and back
        benchmark::DoNotOptimize(source.get());
    }
}
BENCHMARK(BM_BareCoroutine2Switch);

void BM_StdFunctionCall(benchmark::State& state) {
    long counter = 0;
    std::function<void()> f = [&counter] { ++counter; };
    benchmark::DoNotOptimize(f);
    for (auto _ : state) {
        f();
    }
    benchmark::DoNotOptimize(counter);
}
BENCHMARK(BM_StdFunctionCall);

// Two OS threads taking turns: the OS does the switching.
void BM_ThreadPingPong(benchmark::State& state) {
    std::mutex m;
    std::condition_variable cv;
    bool ping = false;
    bool stop = false;
    std::thread partner([&] {
        std::unique_lock lock(m);
        for (;;) {
            cv.wait(lock, [&] { return ping || stop; });
            if (stop) {
                return;
            }
            ping = false;
            cv.notify_one();
        }
    });
    for (auto _ : state) {
        std::unique_lock lock(m);
        ping = true;
        cv.notify_one();
        cv.wait(lock, [&] { return !ping; });
    }
    {
        std::lock_guard lock(m);
        stop = true;
    }
    cv.notify_one();
    partner.join();
}
BENCHMARK(BM_ThreadPingPong)->UseRealTime();

// Two processes taking turns over a pair of pipes.
void BM_ProcessPingPong(benchmark::State& state) {
    int to_child[2];
    int to_parent[2];
    if (::pipe(to_child) != 0 || ::pipe(to_parent) != 0) {
        state.SkipWithError("pipe failed");
        return;
    }
    const pid_t child = ::fork();
    if (child == 0) {
        // Keep only the child's ends open, or it never sees end-of-file.
        ::close(to_child[1]);
        ::close(to_parent[0]);
        char byte;
        while (::read(to_child[0], &byte, 1) == 1) {
            if (::write(to_parent[1], &byte, 1) != 1) {
                break;
            }
        }
        ::_exit(0);
    }
    char byte = 'x';
    for (auto _ : state) {
        if (::write(to_child[1], &byte, 1) != 1 || ::read(to_parent[0], &byte, 1) != 1) {
            state.SkipWithError("pipe round trip failed");
            break;
        }
    }
    ::close(to_child[1]);
    ::waitpid(child, nullptr, 0);
    ::close(to_child[0]);
    ::close(to_parent[0]);
    ::close(to_parent[1]);
}
BENCHMARK(BM_ProcessPingPong)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
