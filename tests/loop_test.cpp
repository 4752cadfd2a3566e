// The shared loop (common/loop.cpp), on its own, against docs/semantics.md
// "The loop: one iteration at a time".
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

#include "common/loop.hpp"

namespace coop::test {

using namespace std::chrono_literals;

TEST_CASE("callbacks scheduled while a batch runs wait for the next iteration") {
    Loop loop;
    std::vector<std::string> seen;
    loop.call_soon([&] {
        seen.push_back("a");
        loop.call_soon([&] { seen.push_back("a again"); });
    });
    loop.call_soon([&] { seen.push_back("b"); });
    CHECK(loop.run_once());
    CHECK(seen == std::vector<std::string>{"a", "b"});
    CHECK(loop.ready_count() == 1);
    CHECK(loop.run_once());
    CHECK(seen == std::vector<std::string>{"a", "b", "a again"});
    CHECK_FALSE(loop.run_once());
}

TEST_CASE("timers with the same deadline fire in the order they were scheduled") {
    Loop loop;
    std::vector<int> order;
    for (int i = 0; i < 50; ++i) {
        loop.call_later(10ms, [&order, i] { order.push_back(i); });
    }
    loop.call_later(5ms, [&order] { order.push_back(-1); });
    loop.run();
    REQUIRE(order.size() == 51);
    CHECK(order[0] == -1);
    for (int i = 0; i < 50; ++i) {
        CHECK(order[static_cast<std::size_t>(i) + 1] == i);
    }
    CHECK(loop.now() == 10ms);
}

TEST_CASE("the virtual clock stands still while callbacks run and jumps when all wait") {
    Loop loop;
    std::vector<long> times;
    loop.call_later(30ms, [&] { times.push_back(whole_ms(loop.now())); });
    loop.call_soon([&] {
        times.push_back(whole_ms(loop.now()));
        loop.busy(7ms);
        times.push_back(whole_ms(loop.now()));
    });
    loop.run();
    CHECK(times == std::vector<long>{0, 7, 30});
}

TEST_CASE("due timers and ready callbacks share one iteration; timers join after the ready ones") {
    Loop loop;
    std::vector<std::string> seen;
    loop.call_later(0ms, [&] { seen.push_back("timer"); });
    loop.call_soon([&] { seen.push_back("soon"); });
    CHECK(loop.run_once());
    CHECK(seen == std::vector<std::string>{"soon", "timer"});
}

TEST_CASE("a cancelled timer neither runs nor moves the virtual clock") {
    Loop loop;
    bool ran = false;
    const TimerId id = loop.call_later(1000ms, [&] { ran = true; });
    loop.call_later(5ms, [] {});
    CHECK(loop.cancel_timer(id));
    CHECK_FALSE(loop.cancel_timer(id));
    loop.run();
    CHECK_FALSE(ran);
    CHECK(loop.now() == 5ms);
}

TEST_CASE("stop() ends run() after the current iteration") {
    Loop loop;
    int ticks = 0;
    std::function<void()> tick = [&] {
        ++ticks;
        if (ticks == 3) {
            loop.stop();
        }
        loop.call_soon(tick);
    };
    loop.call_soon(tick);
    loop.run();
    CHECK(ticks == 3);
    CHECK(loop.has_work());
    loop.clear();
    CHECK_FALSE(loop.has_work());
}

TEST_CASE("watchers fire once, in registration order, when their fd is ready") {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    int other[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, other) == 0);
    Loop loop;
    std::vector<std::string> seen;
    loop.watch(other[0], Interest::Readable, [&] { seen.push_back("other readable"); });
    loop.watch(fds[0], Interest::Readable, [&] { seen.push_back("readable"); });
    loop.watch(fds[1], Interest::Writable, [&] { seen.push_back("writable"); });
    const WatchId never =
        loop.watch(fds[0], Interest::Writable, [&] { seen.push_back("unwatched"); });
    CHECK(loop.unwatch(never));
    loop.call_later(5ms, [&] {
        seen.push_back("write at " + std::to_string(whole_ms(loop.now())));
        REQUIRE(::write(fds[1], "x", 1) == 1);
        REQUIRE(::write(other[1], "y", 1) == 1);
    });
    // Iteration 1: only the writable end is ready.
    CHECK(loop.run_once());
    CHECK(seen == std::vector<std::string>{"writable"});
    loop.run_once();  // the timer writes at t = 5
    loop.run_once();  // both readers, in registration order
    CHECK(seen == std::vector<std::string>{"writable", "write at 5", "other readable", "readable"});
    CHECK(loop.watcher_count() == 0);
    CHECK_FALSE(loop.run_once());
    for (int fd : {fds[0], fds[1], other[0], other[1]}) {
        ::close(fd);
    }
}

TEST_CASE("in one iteration, fds found ready run before the timers that are due") {
    // Step 2 (polling) comes before step 3 (due timers): a watcher whose fd is
    // ready and a timer that is due both run in the same iteration, the
    // watcher first, whichever was registered first. The same with both
    // clocks: the real clock polls with a timeout of 0 here too, since the
    // timer is already due.
    for (const ClockKind clock : {ClockKind::Virtual, ClockKind::Real}) {
        const char* const which = clock == ClockKind::Virtual ? "virtual" : "real";
        INFO("with the ", which, " clock");
        int fds[2];
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        REQUIRE(::write(fds[1], "x", 1) == 1);  // fds[0] is readable before the loop runs
        Loop loop(clock);
        std::vector<std::string> seen;
        loop.call_later(0ms, [&] { seen.push_back("timer"); });
        loop.watch(fds[0], Interest::Readable, [&] { seen.push_back("readable"); });
        CHECK(loop.run_once());
        CHECK(seen == std::vector<std::string>{"readable", "timer"});
        CHECK_FALSE(loop.has_work());
        ::close(fds[0]);
        ::close(fds[1]);
    }
}

TEST_CASE("the real clock really waits") {
    Loop loop(ClockKind::Real);
    Time fired{};
    loop.call_later(20ms, [&] { fired = loop.now(); });
    loop.run();
    CHECK(fired >= 20ms);
}

TEST_CASE("a callback that throws leaves the rest of its batch queued") {
    Loop loop;
    std::vector<int> seen;
    loop.call_soon([&] { seen.push_back(1); });
    loop.call_soon([] { throw std::runtime_error("boom"); });
    loop.call_soon([&] { seen.push_back(3); });
    CHECK_THROWS_AS(loop.run_once(), std::runtime_error);
    CHECK(seen == std::vector<int>{1});
    loop.run();
    CHECK(seen == std::vector<int>{1, 3});
}

}  // namespace coop::test
