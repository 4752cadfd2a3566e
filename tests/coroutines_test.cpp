// The coroutines technique used directly: Task<T>, the awaiters, the
// runtime, and the traps of the toolchain.
#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

#include "coroutines/channel.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "coroutines/task.hpp"
#include "tests/support.hpp"

namespace coop::test {

using namespace std::chrono_literals;
namespace co = coop::coroutines;

namespace {

co::Task<int> add_one(int x) {
    co_return x + 1;
}

co::Task<int> add_slowly(int x) {
    co_await co::sleep(10ms);
    co_return co_await add_one(x);
}

co::Task<void> count_up(long n, long* out) {
    for (long i = 0; i < n; ++i) {
        *out = co_await add_one(static_cast<int>(*out % 1000));  // completes at once, every time
        ++*out;
    }
}

}  // namespace

TEST_CASE("coroutines: awaiting a Task is a nested call that returns its value") {
    Loop loop;
    co::Runtime rt(loop);
    int result = 0;
    rt.spawn("main", [](int* out) -> co::Task<void> { *out = co_await add_slowly(41); }(&result));
    loop.run();
    CHECK(result == 42);
    CHECK(loop.now() == 10ms);
}

TEST_CASE("coroutines: join returns a spawned task's value") {
    Loop loop;
    co::Runtime rt(loop);
    int got = 0;
    co::Spawned<int> answer = co::spawn_with_result(rt, "answer", add_slowly(41));
    rt.spawn("asker", [](co::Spawned<int> a, int* out) -> co::Task<void> {
        *out = co_await co::join(a);
    }(answer, &got));
    loop.run();
    CHECK(got == 42);
    CHECK(answer.handle.ending() == coop::Ending::Ended);
}

TEST_CASE("coroutines: join rethrows the exception that ended a task") {
    Loop loop;
    co::Runtime rt(loop);
    std::string caught;
    co::TaskHandle worker = rt.spawn("worker", []() -> co::Task<void> {
        co_await co::sleep(5ms);
        throw std::runtime_error("disk full");
    }());
    rt.spawn("parent", [](co::TaskHandle w, std::string* out) -> co::Task<void> {
        try {
            co_await co::join(w);
        } catch (const std::runtime_error& e) {
            *out = e.what();
        }
    }(worker, &caught));
    loop.run();
    CHECK(caught == "disk full");
    CHECK(worker.ending() == coop::Ending::Failed);
}

TEST_CASE("coroutines: cancellation throws at the suspension point and destructors run") {
    Loop loop;
    co::Runtime rt(loop);
    int released = 0;
    bool caught = false;
    co::TaskHandle sleeper = rt.spawn("sleeper", [](int* r, bool* c) -> co::Task<void> {
        Guard guard(r);
        try {
            co_await co::sleep(1h);
        } catch (const co::Cancelled&) {
            *c = true;
            throw;
        }
    }(&released, &caught));
    rt.spawn("boss", [](co::TaskHandle s) -> co::Task<void> {
        co_await co::sleep(5ms);
        co::Runtime::current().cancel(s);
    }(sleeper));
    loop.run();
    CHECK(caught);
    CHECK(released == 1);
    CHECK(sleeper.ending() == coop::Ending::Cancelled);
    CHECK(loop.now() == 5ms);
}

TEST_CASE("coroutines: a task that swallows Cancelled is cancelled again at its next suspension") {
    Loop loop;
    co::Runtime rt(loop);
    std::vector<std::string> seen;
    co::TaskHandle stubborn =
        rt.spawn("stubborn", [](std::vector<std::string>* log) -> co::Task<void> {
            try {
                co_await co::sleep(1h);
            } catch (const co::Cancelled&) {
                log->push_back("swallowed");
            }
            log->push_back("went on");  // work that does not suspend still runs
            co_await co::sleep(1ms);    // ... but this suspension point throws again
            log->push_back("never");
        }(&seen));
    rt.spawn("boss", [](co::TaskHandle s) -> co::Task<void> {
        co::Runtime::current().cancel(s);
        co_return;
    }(stubborn));
    loop.run();
    CHECK(seen == std::vector<std::string>{"swallowed", "went on"});
    CHECK(stubborn.ending() == coop::Ending::Cancelled);
}

TEST_CASE("coroutines: destroying the runtime destroys the frames of suspended tasks") {
    Loop loop;
    int released = 0;
    {
        co::Runtime rt(loop);
        co::Channel<int> box(0);
        rt.spawn("sleeper", [](int* r) -> co::Task<void> {
            Guard guard(r);
            co_await co::sleep(1h);
        }(&released));
        rt.spawn("receiver", [](int* r, co::Channel<int>* b) -> co::Task<void> {
            Guard guard(r);
            co_await add_slowly(co_await b->recv());  // suspended two frames deep
        }(&released, &box));
        loop.run_once();
        CHECK(released == 0);
        loop.clear();
    }
    CHECK(released == 2);
}

TEST_CASE("coroutines: a long run of awaits that complete at once does not grow the stack") {
    // Each `co_await add_one(...)` finishes without suspending. With
    // symmetric transfer as a real tail call the stack stays flat; without it
    // every await nests a resume() and a million of them overflow the stack.
    // g++ makes it a tail call only when optimizing, and never under ASan.
#if defined(__SANITIZE_ADDRESS__) || \
    (defined(__GNUC__) && !defined(__clang__) && !defined(__OPTIMIZE__))
    const long n = 10'000;
    MESSAGE(
        "this build does not make symmetric transfer a tail call: checking 10,000 awaits, not "
        "1,000,000 (see coroutines/README.md)");
#else
    const long n = 1'000'000;
#endif
    Loop loop;
    co::Runtime rt(loop);
    long value = 0;
    rt.spawn("counter", count_up(n, &value));
    loop.run();
    CHECK(value > 0);
    CHECK(rt.unfinished_tasks().empty());
}

namespace {
// An awaiter shaped like the project's, with a constructor. g++ 12 destroys
// a braced *aggregate* awaiter twice in `co_await Agg{...}`; the counts below
// catch it if an awaiter ever loses its constructor.
struct CountedAwaiter {
    CountedAwaiter(int* made, int* destroyed) : made_(made), destroyed_(destroyed) { ++*made_; }
    CountedAwaiter(const CountedAwaiter& other) : made_(other.made_), destroyed_(other.destroyed_) {
        ++*made_;
    }
    ~CountedAwaiter() { ++*destroyed_; }
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {}
    int* made_;
    int* destroyed_;
};
}  // namespace

TEST_CASE("coroutines: every awaiter is destroyed exactly once (g++ 12 regression)") {
    int made = 0;
    int destroyed = 0;
    Loop loop;
    co::Runtime rt(loop);
    rt.spawn("t", [](int* m, int* d) -> co::Task<void> {
        co_await CountedAwaiter{m, d};
        co_await co::sleep(0ms);
        co_await CountedAwaiter{m, d};
    }(&made, &destroyed));
    loop.run();
    CHECK(made == 2);
    CHECK(destroyed == made);
}

TEST_CASE("coroutines: the size of a coroutine frame, measured") {
    Loop loop;
    co::Runtime rt(loop);
    long value = 0;
    // Handed to the runtime, the frame escapes: it must be on the heap.
    // (A task created and destroyed in one function may have its allocation
    // elided by clang, and then there is nothing to measure.)
    const std::size_t before = co::FrameStats::allocations;
    rt.spawn("counter", count_up(3, &value));
    CHECK(co::FrameStats::allocations == before + 1);
    const std::size_t counter_frame = co::FrameStats::last_frame_bytes;
    loop.run();
    MESSAGE("frame of count_up (a loop awaiting a nested task, two locals): ", counter_frame,
            " bytes; awaiting add_one 3 times allocated ", co::FrameStats::allocations - before - 1,
            " more frames");
    // coroutines/README.md ("Measured sizes") quotes these figures: the two
    // change together. g++ 12 lays the frame out alike at every level of
    // optimization and under ASan; clang 14's is smallest at -O2 and -O3 (the
    // optimized meson build types) and larger at -Os, -O0 and under ASan,
    // where only a size is checked.
#if !defined(__clang__)
    CHECK(counter_frame == 96);
#elif __has_feature(address_sanitizer) || !defined(__OPTIMIZE__) || defined(__OPTIMIZE_SIZE__)
    MESSAGE("clang without -O2: the README's figure (72 bytes) is not checked");
    CHECK(counter_frame > 0);
#else
    CHECK(counter_frame == 72);
#endif
}

TEST_CASE("coroutines: waiting for fds and channels through the native API") {
    // `reader` waits on a socket that nothing has been written to: it is
    // suspended on the loop's fd watcher until `writer` writes at t = 5.
    // (Non-blocking, so that a reader that did not really wait reads
    // nothing instead of blocking the test.)
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
    Loop loop;
    co::Runtime rt(loop);
    co::Channel<std::string> words(1);
    std::vector<std::string> got;
    rt.spawn("producer", [](co::Channel<std::string>* w) -> co::Task<void> {
        for (const char* word : {"one", "two", "three"}) {
            co_await w->send(word);
        }
    }(&words));
    rt.spawn("consumer",
             [](co::Channel<std::string>* w, std::vector<std::string>* out) -> co::Task<void> {
                 for (int i = 0; i < 3; ++i) {
                     out->push_back(co_await w->recv());
                     co_await co::sleep(1ms);
                 }
             }(&words, &got));
    rt.spawn("reader", [](int fd, std::vector<std::string>* out) -> co::Task<void> {
        co_await co::readable(fd);
        char byte = 0;
        const bool read_one = ::read(fd, &byte, 1) == 1;
        out->push_back(std::string(read_one ? "read " : "read nothing ") + byte + " at " +
                       std::to_string(whole_ms(co::Runtime::current().loop().now())));
    }(fds[0], &got));
    rt.spawn("writer", [](int fd) -> co::Task<void> {
        co_await co::sleep(5ms);
        co_await co::writable(fd);
        REQUIRE(::write(fd, "x", 1) == 1);
    }(fds[1]));
    loop.run_once();  // everyone starts; the reader finds nothing to read
    CHECK(loop.watcher_count() == 1);
    loop.run();
    CHECK(got == std::vector<std::string>{"one", "two", "three", "read x at 5"});
    CHECK(rt.unfinished_tasks().empty());
    ::close(fds[0]);
    ::close(fds[1]);
}

}  // namespace coop::test
