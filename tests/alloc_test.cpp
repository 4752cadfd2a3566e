// Steady-state scheduling must not allocate: once the queues have grown, a
// yield costs no heap allocation, on the bare loop (call_soon of a small
// callback) and in every technique (a task yielding through its own API).
// This binary counts every operator new, so it is a program of its own.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <new>

#include "callbacks/runtime.hpp"
#include "cli/techniques.hpp"
#include "common/echo.hpp"
#include "common/loop.hpp"
#include "common/net.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"
#include "generators/runtime.hpp"

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace coop::test {

using namespace std::chrono_literals;

struct Yielder {
    Loop* loop;
    long left;
    void step() {
        if (--left > 0) {
            loop->call_soon([this] { step(); });  // a yield: back of the ready queue
        }
    }
};

TEST_CASE("a yield through the loop allocates nothing once the queues are warm") {
    Loop loop;
    std::vector<Yielder> tasks(100, Yielder{&loop, 1000});
    for (auto& t : tasks) {
        loop.call_soon([&t] { t.step(); });
    }
    loop.run_once();  // warm up: the queues reach their working size
    loop.run_once();
    const long before = allocations.load();
    loop.run();
    CHECK(allocations.load() - before == 0);
    for (const auto& t : tasks) {
        CHECK(t.left == 0);
    }
}

// --- the same through each technique's own API -------------------------------
//
// YieldingTasks<T> spawns `tasks` tasks of technique T that each yield
// `yields` times (sleep(0): back of the ready queue), adding 1 to *count
// after each yield. One specialisation per technique of cli/techniques.hpp:
// a technique added there without one here does not compile.
template <class T>
struct YieldingTasks;

namespace cb = coop::callbacks;
namespace gen = coop::generators;
namespace co = coop::coroutines;
namespace fb = coop::fibers;

template <>
struct YieldingTasks<callbacks::Technique> {
    // A callbacks task that loops is an object that saves itself as its
    // continuation: a lambda capturing one pointer, stored inside the
    // std::function without allocating.
    struct Task {
        cb::Runtime* rt;
        cb::TaskHandle task;
        long left;
        long* count;
        void step(const cb::Wakeup&) {
            if (left-- == 0) {
                rt->finish(task, Ending::Ended);
                return;
            }
            rt->yield(task, [this](const cb::Wakeup& w) {
                ++*count;
                step(w);
            });
        }
    };
    YieldingTasks(Loop& loop, long tasks, long yields, long* count) : rt(loop) {
        for (long i = 0; i < tasks; ++i) {
            Task& t = records.emplace_back(Task{&rt, rt.create_task("t"), yields, count});
            rt.spawn(t.task, [&t](const cb::Wakeup& w) { t.step(w); });
        }
    }
    cb::Runtime rt;
    std::deque<Task> records;  // a deque: the continuations point into it
};

template <>
struct YieldingTasks<generators::Technique> {
    static gen::TaskGenerator body(long yields, long* count) {
        for (long i = 0; i < yields; ++i) {
            co_yield gen::SleepFor{0ms};
            ++*count;
        }
    }
    YieldingTasks(Loop& loop, long tasks, long yields, long* count) : rt(loop) {
        for (long i = 0; i < tasks; ++i) {
            rt.spawn(rt.create_task("t"), body(yields, count));
        }
    }
    gen::Runtime rt;
};

template <>
struct YieldingTasks<coroutines::Technique> {
    static co::Task<void> body(long yields, long* count) {
        for (long i = 0; i < yields; ++i) {
            co_await co::yield();
            ++*count;
        }
    }
    YieldingTasks(Loop& loop, long tasks, long yields, long* count) : rt(loop) {
        for (long i = 0; i < tasks; ++i) {
            rt.spawn("t", body(yields, count));
        }
    }
    co::Runtime rt;
};

// Both stackful backends: the fiber's body is a plain loop of calls.
struct YieldingFibers {
    YieldingFibers(Loop& loop, long tasks, long yields, long* count, fb::Backend backend)
        : rt(loop) {
        for (long i = 0; i < tasks; ++i) {
            rt.spawn(
                "t",
                [yields, count] {
                    for (long k = 0; k < yields; ++k) {
                        fb::yield();
                        ++*count;
                    }
                },
                backend);
        }
    }
    fb::Runtime rt;
};

template <>
struct YieldingTasks<fibers::Technique> : YieldingFibers {
    YieldingTasks(Loop& loop, long tasks, long yields, long* count)
        : YieldingFibers(loop, tasks, yields, count, fb::Backend::Fiber) {}
};

template <>
struct YieldingTasks<fibers::Coroutine2Technique> : YieldingFibers {
    YieldingTasks(Loop& loop, long tasks, long yields, long* count)
        : YieldingFibers(loop, tasks, yields, count, fb::Backend::Coroutine2) {}
};

TEST_CASE_TEMPLATE_DEFINE("a task yielding through its technique allocates nothing once warm", T,
                          technique_yield_id) {
    constexpr long kTasks = 100;
    constexpr long kYields = 60;
    constexpr int kMeasured = 50;  // iterations counted, each one yield per task
    Loop loop;
    long yields = 0;
    YieldingTasks<T> tasks(loop, kTasks, kYields, &yields);
    // Warm up: every task starts (a fiber gets its stack, a coroutine its
    // frame) and yields; the ready queues reach their working size.
    loop.run_once();
    loop.run_once();
    const long before = allocations.load();
    const long yields_before = yields;
    for (int i = 0; i < kMeasured; ++i) {
        loop.run_once();
    }
    const long allocated = allocations.load() - before;
    CHECK_MESSAGE(allocated == 0, T::name, ": ", allocated, " allocations in ",
                  yields - yields_before, " yields");
    CHECK(yields - yields_before == kTasks * kMeasured);  // every task did yield each time
    loop.run();
    CHECK(yields == kTasks * kYields);
    CHECK(tasks.rt.unfinished_tasks().empty());
}

TEST_CASE_TEMPLATE_APPLY(technique_yield_id, AllTechniques);

// --- an echo connection: a wait for a readable and a writable socket ---------

// The peer sends one byte and the loop runs until the echo is back. The
// server's connection task waits for readable, reads, writes, waits again.
bool echo_round_trip(Loop& loop, const net::Socket& peer) {
    const std::byte sent{42};
    if (::send(peer.fd(), &sent, 1, 0) != 1) {
        return false;
    }
    for (int iteration = 0; iteration < 100; ++iteration) {
        loop.run_once();
        std::byte back{};
        if (::recv(peer.fd(), &back, 1, MSG_DONTWAIT) == 1) {
            return back == sent;
        }
    }
    return false;
}

TEST_CASE("an echo server's round trip allocates nothing once its connection is open") {
    for (const TechniqueEntry& technique : all_techniques()) {
        CAPTURE(technique.name);
        Loop loop{ClockKind::Real};
        net::Socket listener = net::listen_on_loopback(0);
        const std::uint16_t port = net::local_port(listener);
        const std::unique_ptr<EchoServer> server =
            technique.start_echo_server(loop, std::move(listener));
        net::Connecting attempt = net::start_connect(port);
        REQUIRE(attempt.status != net::Io::Failed);
        const int blocking = 0;
        REQUIRE(::fcntl(attempt.socket.fd(), F_SETFL, blocking) == 0);
        const net::Socket peer = std::move(attempt.socket);
        for (int i = 0; i < 20; ++i) {  // warm up: accepted, its task started
            REQUIRE(echo_round_trip(loop, peer));
        }
        const long before = allocations.load();
        for (int i = 0; i < 200; ++i) {
            REQUIRE(echo_round_trip(loop, peer));
        }
        const long allocated = allocations.load() - before;
        CHECK_MESSAGE(allocated == 0, technique.name, ": ", allocated,
                      " allocations in 200 round trips");
        server->stop();
    }
}

}  // namespace coop::test
