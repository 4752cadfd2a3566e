// The callbacks technique used directly, through its own API (not the
// scenario interpreter).
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

#include "callbacks/channel.hpp"
#include "callbacks/runtime.hpp"
#include "tests/support.hpp"

namespace coop::test {

using namespace std::chrono_literals;
using callbacks::Channel;
using callbacks::Continuation;
using callbacks::Runtime;
using callbacks::TaskHandle;
using callbacks::TaskRecord;
using callbacks::Wakeup;
using coop::Ending;

TEST_CASE("callbacks: a task written by hand sleeps, yields and ends") {
    Loop loop;
    Runtime rt(loop);
    std::vector<std::string> log;
    TaskHandle t = rt.create_task("t");
    rt.spawn(t, [&](const Wakeup&) {
        log.push_back("start at " + std::to_string(whole_ms(loop.now())));
        rt.sleep(t, 10ms, [&](const Wakeup&) {
            log.push_back("woke at " + std::to_string(whole_ms(loop.now())));
            rt.yield(t, [&](const Wakeup&) {
                log.push_back("yielded");
                rt.finish(t, Ending::Ended);
            });
        });
    });
    loop.run();
    CHECK(log == std::vector<std::string>{"start at 0", "woke at 10", "yielded"});
    CHECK(t.done());
    CHECK(t.ending() == Ending::Ended);
}

TEST_CASE("callbacks: cancelling a sleeping task delivers Cancelled and releases what it held") {
    Loop loop;
    int destroyed = 0;
    std::vector<std::string> log;
    {
        Runtime rt(loop);
        TaskHandle sleeper = rt.create_task("sleeper");
        TaskHandle boss = rt.create_task("boss");
        rt.spawn(sleeper, [&, held = std::make_shared<Guard>(&destroyed)](const Wakeup&) {
            // The continuation owns `held`; so does the next one it saves.
            rt.sleep(sleeper, 1000ms, [&, held](const Wakeup& w) {
                log.push_back(w.kind == Wakeup::Cancelled ? "cancelled" : "woke");
                rt.finish(sleeper, Ending::Cancelled);
            });
        });
        rt.spawn(boss, [&](const Wakeup&) {
            rt.sleep(boss, 5ms, [&](const Wakeup&) {
                rt.cancel(sleeper);
                rt.finish(boss, Ending::Ended);
            });
        });
        loop.run();
        CHECK(log == std::vector<std::string>{"cancelled"});
        CHECK(loop.now() == 5ms);  // the 1000 ms timer was removed
        CHECK(destroyed == 1);
    }
}

TEST_CASE("callbacks: destroying the runtime with suspended tasks destroys their continuations") {
    Loop loop;
    int destroyed = 0;
    {
        Runtime rt(loop);
        TaskHandle a = rt.create_task("a");
        TaskHandle b = rt.create_task("b");
        Channel box(rt, 0);
        rt.spawn(a, [&, held = std::make_shared<Guard>(&destroyed)](const Wakeup&) {
            rt.sleep(a, 1h, [held](const Wakeup&) {});
        });
        rt.spawn(b, [&, held = std::make_shared<Guard>(&destroyed)](const Wakeup&) {
            box.recv(b, [held](const Wakeup&) {});
        });
        loop.run_once();
        CHECK(destroyed == 0);
        CHECK(loop.timer_count() == 1);
    }
    CHECK(destroyed == 2);
    CHECK(loop.timer_count() == 0);  // the runtime took its timer back
}

TEST_CASE("callbacks: a joiner hears of the joined task's failure in its continuation") {
    Loop loop;
    Runtime rt(loop);
    TaskHandle worker = rt.create_task("worker");
    TaskHandle parent = rt.create_task("parent");
    std::string heard;
    rt.spawn(parent, [&](const Wakeup&) {
        rt.spawn(worker, [&](const Wakeup&) {
            rt.sleep(worker, 3ms,
                     [&](const Wakeup&) { rt.finish(worker, Ending::Failed, "disk full"); });
        });
        const bool waits = rt.join(parent, worker, [&](const Wakeup& w) {
            heard = w.kind == Wakeup::JoinedTaskFailed ? "failed: " + w.failure : "other";
            rt.finish(parent, Ending::Failed, w.failure);
        });
        CHECK(waits);
    });
    loop.run();
    CHECK(heard == "failed: disk full");
    CHECK(parent.ending() == Ending::Failed);
    CHECK_FALSE(rt.join(parent, worker, [](const Wakeup&) {}));  // done: no waiting
}

TEST_CASE("callbacks: waiting for a readable and a writable fd") {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    Loop loop;
    Runtime rt(loop);
    TaskHandle reader = rt.create_task("reader");
    TaskHandle writer = rt.create_task("writer");
    std::string got;
    rt.spawn(reader, [&](const Wakeup&) {
        rt.wait_readable(reader, fds[0], [&](const Wakeup&) {
            char buf[16];
            const ssize_t n = ::read(fds[0], buf, sizeof buf);
            got.assign(buf, static_cast<std::size_t>(n > 0 ? n : 0));
            got += " at " + std::to_string(whole_ms(loop.now()));
            rt.finish(reader, Ending::Ended);
        });
    });
    rt.spawn(writer, [&](const Wakeup&) {
        rt.sleep(writer, 7ms, [&](const Wakeup&) {
            rt.wait_writable(writer, fds[1], [&](const Wakeup&) {
                CHECK(::write(fds[1], "ping", 4) == 4);
                rt.finish(writer, Ending::Ended);
            });
        });
    });
    loop.run();
    CHECK(got == "ping at 7");
    ::close(fds[0]);
    ::close(fds[1]);
}

}  // namespace coop::test
