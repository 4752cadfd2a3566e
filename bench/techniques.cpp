// The four techniques on the same workloads, all on the shared loop and the
// virtual clock, each written in its own idiom through its own API.
//   yield:     1,000 tasks each yielding 1,000 times (time per yield); with
//              range(0) = 1 the same with tracing on (a `resume` event per
//              yield), to compare with tracing off (range(0) = 0)
//   spawn_join: a task spawning and joining 10,000 trivial tasks (per pair)
//   timers:    10,000 tasks each sleeping 100 random durations (per sleep)
//   timers_1m: 1,000,000 tasks each sleeping once, a random duration of up
//              to 1,000 s: a million timers in the loop's table at once (per
//              timer: the task starts, schedules it, and ends when it
//              fires). Spawning the tasks and tearing down are not timed.
//              The stackless techniques only: a million fiber stacks do not
//              fit in memory.
//   ping_pong: two tasks passing 100,000 values over a channel of capacity
//              0 and of capacity 1 (per message)
//   chess:     the chess exhibition (24 tables x 30 move pairs) as each
//              technique's folder writes it, trace recorded (per exhibition)
// Run with --benchmark_counters_tabular=true; scripts/bench turns the output
// into one table with ratios.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <vector>

#include "callbacks/channel.hpp"
#include "callbacks/chess.hpp"
#include "callbacks/runtime.hpp"
#include "common/chess.hpp"
#include "common/trace.hpp"
#include "coroutines/channel.hpp"
#include "coroutines/chess.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "fibers/channel.hpp"
#include "fibers/chess.hpp"
#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"
#include "generators/channel.hpp"
#include "generators/chess.hpp"
#include "generators/runtime.hpp"

namespace {

using namespace std::chrono_literals;
namespace cb = coop::callbacks;
namespace co = coop::coroutines;
namespace fb = coop::fibers;
namespace gen = coop::generators;
using coop::Loop;
using coop::Trace;

constexpr long kTasks = 1000;
constexpr long kYields = 1000;
constexpr long kChildren = 10'000;
constexpr long kSleepers = 10'000;
constexpr long kSleepsEach = 100;
constexpr long kMessages = 100'000;
constexpr long kManyTimers = 1'000'000;

// The same random durations for every technique.
std::vector<int> sleep_durations() {
    std::mt19937 random(42);
    std::uniform_int_distribution<int> ms(0, 1000);
    std::vector<int> d(static_cast<std::size_t>(kSleepers * kSleepsEach));
    for (int& x : d) {
        x = ms(random);
    }
    return d;
}
const std::vector<int>& durations() {
    static const std::vector<int> d = sleep_durations();
    return d;
}
int duration_at(long task, long i) {
    return durations()[static_cast<std::size_t>(task * kSleepsEach + i)];
}

// The durations of timers_1m, the same for every technique and for Asio's
// timers in bench/peers.cpp (seed and range).
const std::vector<int>& one_sleep_each() {
    static const std::vector<int> d = [] {
        std::mt19937 random(7);
        std::uniform_int_distribution<int> ms(0, 1'000'000);
        std::vector<int> v(static_cast<std::size_t>(kManyTimers));
        for (int& x : v) {
            x = ms(random);
        }
        return v;
    }();
    return d;
}

// range(0) of the yield benchmarks: 1 = tracing on.
Trace* trace_if_on(const benchmark::State& state, Trace& trace) {
    return state.range(0) == 1 ? &trace : nullptr;
}

void per_item(benchmark::State& state, long items) {
    state.counters["ns_per_op"] =
        benchmark::Counter(static_cast<double>(items) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Times only loop.run() of each iteration: `spawn_all` runs before it and
// the loop and runtime are destroyed after it, with the timing paused.
template <class Runtime, class SpawnAll>
void time_the_run(benchmark::State& state, SpawnAll spawn_all) {
    for (auto _ : state) {
        state.PauseTiming();
        {
            Loop loop;
            Runtime rt(loop);
            const auto tasks = spawn_all(rt);  // they live until the run is over
            benchmark::DoNotOptimize(tasks);
            state.ResumeTiming();
            loop.run();
            state.PauseTiming();
        }
        state.ResumeTiming();
    }
    per_item(state, kManyTimers);
}

// ---------------------------------------------------------------- callbacks
// A callbacks task that loops must be an object that re-schedules itself.
struct CallbackYielder {
    cb::Runtime* rt;
    cb::TaskHandle task;
    long left;
    void step(const cb::Wakeup&) {
        if (left-- == 0) {
            rt->finish(task, coop::Ending::Ended);
            return;
        }
        rt->yield(task, [this](const cb::Wakeup& w) { step(w); });
    }
};

void BM_callbacks_yield(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        Trace trace;
        cb::Runtime rt(loop, trace_if_on(state, trace));
        std::vector<CallbackYielder> tasks;
        tasks.reserve(kTasks);
        for (long i = 0; i < kTasks; ++i) {
            tasks.push_back(CallbackYielder{&rt, rt.create_task("t"), kYields});
            CallbackYielder* y = &tasks.back();
            rt.spawn(y->task, [y](const cb::Wakeup& w) { y->step(w); });
        }
        loop.run();
    }
    per_item(state, kTasks * kYields);
}

struct CallbackSpawner {
    cb::Runtime* rt;
    cb::TaskHandle self;
    long left;
    void next(const cb::Wakeup&) {
        while (left-- > 0) {
            cb::TaskHandle child = rt->create_task("c");
            rt->spawn(child, [this, c = &child.record()](const cb::Wakeup&) {
                rt->finish(*c, coop::Ending::Ended);
            });
            if (rt->join(self, child, [this](const cb::Wakeup& w) { next(w); })) {
                return;
            }
        }
        rt->finish(self, coop::Ending::Ended);
    }
};

void BM_callbacks_spawn_join(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        cb::Runtime rt(loop);
        CallbackSpawner parent{&rt, rt.create_task("parent"), kChildren};
        rt.spawn(parent.self, [&parent](const cb::Wakeup& w) { parent.next(w); });
        loop.run();
    }
    per_item(state, kChildren);
}

struct CallbackSleeper {
    cb::Runtime* rt;
    cb::TaskHandle task;
    long index;
    long done = 0;
    void next(const cb::Wakeup&) {
        if (done == kSleepsEach) {
            rt->finish(task, coop::Ending::Ended);
            return;
        }
        const int ms = duration_at(index, done++);
        rt->sleep(task, std::chrono::milliseconds(ms), [this](const cb::Wakeup& w) { next(w); });
    }
};

void BM_callbacks_timers(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        cb::Runtime rt(loop);
        std::vector<CallbackSleeper> sleepers;
        sleepers.reserve(kSleepers);
        for (long i = 0; i < kSleepers; ++i) {
            sleepers.push_back(CallbackSleeper{&rt, rt.create_task("s"), i});
            CallbackSleeper* s = &sleepers.back();
            rt.spawn(s->task, [s](const cb::Wakeup& w) { s->next(w); });
        }
        loop.run();
    }
    per_item(state, kSleepers * kSleepsEach);
}

struct CallbackOneSleep {
    cb::Runtime* rt;
    cb::TaskHandle task;
    int ms;
    void start(const cb::Wakeup&) {
        rt->sleep(task, std::chrono::milliseconds(ms),
                  [this](const cb::Wakeup&) { rt->finish(task, coop::Ending::Ended); });
    }
};

void BM_callbacks_timers_1m(benchmark::State& state) {
    time_the_run<cb::Runtime>(state, [](cb::Runtime& rt) {
        std::vector<CallbackOneSleep> tasks;
        tasks.reserve(kManyTimers);
        for (int ms : one_sleep_each()) {
            tasks.push_back(CallbackOneSleep{&rt, rt.create_task("s"), ms});
            CallbackOneSleep* t = &tasks.back();
            rt.spawn(t->task, [t](const cb::Wakeup& w) { t->start(w); });
        }
        return tasks;
    });
}

struct CallbackPinger {
    cb::Runtime* rt;
    cb::TaskHandle task;
    cb::Channel* out;
    long left;
    void send_next(const cb::Wakeup&) {
        while (left > 0) {
            --left;
            if (!out->send(task, left, [this](const cb::Wakeup& w) { send_next(w); })) {
                return;
            }
        }
        rt->finish(task, coop::Ending::Ended);
    }
};
struct CallbackPonger {
    cb::Runtime* rt;
    cb::TaskHandle task;
    cb::Channel* in;
    long left;
    void recv_next(const cb::Wakeup&) {
        while (left > 0) {
            --left;
            if (!in->recv(task, [this](const cb::Wakeup& w) { recv_next(w); })) {
                return;
            }
        }
        rt->finish(task, coop::Ending::Ended);
    }
};

void BM_callbacks_ping_pong(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        cb::Runtime rt(loop);
        cb::Channel channel(rt, state.range(0));
        CallbackPinger ping{&rt, rt.create_task("ping"), &channel, kMessages};
        CallbackPonger pong{&rt, rt.create_task("pong"), &channel, kMessages};
        rt.spawn(ping.task, [&ping](const cb::Wakeup& w) { ping.send_next(w); });
        rt.spawn(pong.task, [&pong](const cb::Wakeup& w) { pong.recv_next(w); });
        loop.run();
    }
    per_item(state, kMessages);
}

// --------------------------------------------------------------- generators
gen::TaskGenerator generator_yielder() {
    for (long i = 0; i < kYields; ++i) {
        co_yield gen::SleepFor{0ms};
    }
}
gen::TaskGenerator generator_child() {
    co_return;
}
gen::TaskGenerator generator_spawner(gen::Runtime* rt) {
    for (long i = 0; i < kChildren; ++i) {
        gen::TaskHandle child = rt->create_task("c");
        co_yield gen::SpawnTask{child, generator_child()};
        co_yield gen::JoinTask{child};
    }
}
gen::TaskGenerator generator_sleeper(long index) {
    for (long i = 0; i < kSleepsEach; ++i) {
        co_yield gen::SleepFor{std::chrono::milliseconds(duration_at(index, i))};
    }
}
gen::TaskGenerator generator_one_sleep(int ms) {
    co_yield gen::SleepFor{std::chrono::milliseconds(ms)};
}
gen::TaskGenerator generator_ping(gen::Channel* c) {
    for (long i = 0; i < kMessages; ++i) {
        co_yield gen::SendTo{c, i};
    }
}
gen::TaskGenerator generator_pong(gen::Channel* c) {
    for (long i = 0; i < kMessages; ++i) {
        co_yield gen::ReceiveFrom{c};
    }
}

void BM_generators_yield(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        Trace trace;
        gen::Runtime rt(loop, trace_if_on(state, trace));
        for (long i = 0; i < kTasks; ++i) {
            rt.spawn(rt.create_task("t"), generator_yielder());
        }
        loop.run();
    }
    per_item(state, kTasks * kYields);
}

void BM_generators_spawn_join(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        gen::Runtime rt(loop);
        rt.spawn(rt.create_task("parent"), generator_spawner(&rt));
        loop.run();
    }
    per_item(state, kChildren);
}

void BM_generators_timers(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        gen::Runtime rt(loop);
        for (long i = 0; i < kSleepers; ++i) {
            rt.spawn(rt.create_task("s"), generator_sleeper(i));
        }
        loop.run();
    }
    per_item(state, kSleepers * kSleepsEach);
}

void BM_generators_timers_1m(benchmark::State& state) {
    time_the_run<gen::Runtime>(state, [](gen::Runtime& rt) {
        for (int ms : one_sleep_each()) {
            rt.spawn(rt.create_task("s"), generator_one_sleep(ms));
        }
        return 0;
    });
}

void BM_generators_ping_pong(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        gen::Runtime rt(loop);
        gen::Channel channel(state.range(0));
        rt.spawn(rt.create_task("ping"), generator_ping(&channel));
        rt.spawn(rt.create_task("pong"), generator_pong(&channel));
        loop.run();
    }
    per_item(state, kMessages);
}

// --------------------------------------------------------------- coroutines
co::Task<void> coroutine_yielder() {
    for (long i = 0; i < kYields; ++i) {
        co_await co::yield();
    }
}
co::Task<void> coroutine_child() {
    co_return;
}
co::Task<void> coroutine_spawner(co::Runtime* rt) {
    for (long i = 0; i < kChildren; ++i) {
        co_await co::join(rt->spawn("c", coroutine_child()));
    }
}
co::Task<void> coroutine_sleeper(long index) {
    for (long i = 0; i < kSleepsEach; ++i) {
        co_await co::sleep(std::chrono::milliseconds(duration_at(index, i)));
    }
}
co::Task<void> coroutine_one_sleep(int ms) {
    co_await co::sleep(std::chrono::milliseconds(ms));
}
co::Task<void> coroutine_ping(co::Channel<long>* c) {
    for (long i = 0; i < kMessages; ++i) {
        co_await c->send(i);
    }
}
co::Task<void> coroutine_pong(co::Channel<long>* c) {
    for (long i = 0; i < kMessages; ++i) {
        benchmark::DoNotOptimize(co_await c->recv());
    }
}

void BM_coroutines_yield(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        Trace trace;
        co::Runtime rt(loop, trace_if_on(state, trace));
        for (long i = 0; i < kTasks; ++i) {
            rt.spawn("t", coroutine_yielder());
        }
        loop.run();
    }
    per_item(state, kTasks * kYields);
}

void BM_coroutines_spawn_join(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        co::Runtime rt(loop);
        rt.spawn("parent", coroutine_spawner(&rt));
        loop.run();
    }
    per_item(state, kChildren);
}

void BM_coroutines_timers(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        co::Runtime rt(loop);
        for (long i = 0; i < kSleepers; ++i) {
            rt.spawn("s", coroutine_sleeper(i));
        }
        loop.run();
    }
    per_item(state, kSleepers * kSleepsEach);
}

void BM_coroutines_timers_1m(benchmark::State& state) {
    time_the_run<co::Runtime>(state, [](co::Runtime& rt) {
        for (int ms : one_sleep_each()) {
            rt.spawn("s", coroutine_one_sleep(ms));
        }
        return 0;
    });
}

void BM_coroutines_ping_pong(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        co::Runtime rt(loop);
        co::Channel<long> channel(state.range(0));
        rt.spawn("ping", coroutine_ping(&channel));
        rt.spawn("pong", coroutine_pong(&channel));
        loop.run();
    }
    per_item(state, kMessages);
}

// ------------------------------------------------------------------- fibers
// range(1): 0 = boost::context fibers, 1 = Boost.Coroutine2
fb::Backend backend_of(const benchmark::State& state) {
    return state.range(1) == 0 ? fb::Backend::Fiber : fb::Backend::Coroutine2;
}

void BM_fibers_yield(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        Trace trace;
        fb::Runtime rt(loop, trace_if_on(state, trace), fb::StackOptions{64 * 1024, true});
        for (long i = 0; i < kTasks; ++i) {
            rt.spawn(
                "t",
                [] {
                    for (long k = 0; k < kYields; ++k) {
                        fb::yield();
                    }
                },
                backend_of(state));
        }
        loop.run();
    }
    per_item(state, kTasks * kYields);
}

void BM_fibers_spawn_join(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        fb::Runtime rt(loop, nullptr, fb::StackOptions{64 * 1024, true});
        const fb::Backend backend = backend_of(state);
        rt.spawn(
            "parent",
            [&rt, backend] {
                for (long i = 0; i < kChildren; ++i) {
                    fb::join(rt.spawn(
                        "c", [] {}, backend));
                }
            },
            backend);
        loop.run();
    }
    per_item(state, kChildren);
}

void BM_fibers_timers(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        fb::Runtime rt(loop, nullptr, fb::StackOptions{64 * 1024, true});
        for (long s = 0; s < kSleepers; ++s) {
            rt.spawn(
                "s",
                [s] {
                    for (long i = 0; i < kSleepsEach; ++i) {
                        fb::sleep(std::chrono::milliseconds(duration_at(s, i)));
                    }
                },
                backend_of(state));
        }
        loop.run();
    }
    per_item(state, kSleepers * kSleepsEach);
}

void BM_fibers_ping_pong(benchmark::State& state) {
    for (auto _ : state) {
        Loop loop;
        fb::Runtime rt(loop, nullptr, fb::StackOptions{64 * 1024, true});
        fb::Channel channel(state.range(0));
        rt.spawn(
            "ping",
            [&channel] {
                for (long i = 0; i < kMessages; ++i) {
                    channel.send(i);
                }
            },
            backend_of(state));
        rt.spawn(
            "pong",
            [&channel] {
                for (long i = 0; i < kMessages; ++i) {
                    benchmark::DoNotOptimize(channel.recv());
                }
            },
            backend_of(state));
        loop.run();
    }
    per_item(state, kMessages);
}

// -------------------------------------------------------------------- chess
// The exhibition of `coop chess`, each technique's own chess.cpp, on the
// virtual clock: 744 switches and the trace of every move, the cost of
// telling the whole story once.
void play_chess(benchmark::State& state,
                const std::function<void(const coop::chess::Exhibition&, Loop&, Trace&)>& play) {
    const coop::chess::Exhibition exhibition;  // 24 tables x 30 move pairs
    for (auto _ : state) {
        Loop loop;
        Trace trace;
        play(exhibition, loop, trace);
        benchmark::DoNotOptimize(trace.size());
    }
    per_item(state, 1);
}

void BM_callbacks_chess(benchmark::State& state) {
    play_chess(state, &cb::play_exhibition);
}
void BM_generators_chess(benchmark::State& state) {
    play_chess(state, &gen::play_exhibition);
}
void BM_coroutines_chess(benchmark::State& state) {
    play_chess(state, &co::play_exhibition);
}
void BM_fibers_chess(benchmark::State& state) {
    play_chess(state, [backend = backend_of(state)](const coop::chess::Exhibition& e, Loop& loop,
                                                    Trace& trace) {
        fb::play_exhibition(e, loop, trace, backend);
    });
}

}  // namespace

// Yield: tracing off (0), then on (1).
BENCHMARK(BM_callbacks_yield)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_generators_yield)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_coroutines_yield)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_fibers_yield)
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond);

BENCHMARK(BM_callbacks_spawn_join)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_generators_spawn_join)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_coroutines_spawn_join)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_fibers_spawn_join)->Args({0, 0})->Args({0, 1})->Unit(benchmark::kMillisecond);

BENCHMARK(BM_callbacks_timers)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_generators_timers)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_coroutines_timers)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_fibers_timers)->Args({0, 0})->Args({0, 1})->Unit(benchmark::kMillisecond);

BENCHMARK(BM_callbacks_timers_1m)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_generators_timers_1m)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_coroutines_timers_1m)->Unit(benchmark::kMillisecond);

BENCHMARK(BM_callbacks_ping_pong)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_generators_ping_pong)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_coroutines_ping_pong)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_fibers_ping_pong)
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond);

BENCHMARK(BM_callbacks_chess)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_generators_chess)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_coroutines_chess)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_fibers_chess)->Args({0, 0})->Args({0, 1})->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
