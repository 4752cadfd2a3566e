// The fibers technique used directly: plain functions that suspend from any
// depth, errors and cancellation unwinding a real stack, stack overflow, and
// what a fiber costs.
#include <doctest/doctest.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fibers/channel.hpp"
#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"
#include "tests/support.hpp"

namespace coop::test {

using namespace std::chrono_literals;
namespace fb = coop::fibers;

namespace {

// Five plain functions deep, then a suspension: no co_await, no callback.
int nested(int depth, std::vector<std::string>* log) {
    if (depth == 0) {
        fb::sleep(10ms);
        log->push_back("woke at the bottom");
        return 0;
    }
    return nested(depth - 1, log) + 1;
}

long resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    long pages_total = 0;
    long pages_resident = 0;
    statm >> pages_total >> pages_resident;
    return pages_resident * sysconf(_SC_PAGESIZE);
}

}  // namespace

TEST_CASE("fibers: a task suspends from five nested plain function calls") {
    for (fb::Backend backend : {fb::Backend::Fiber, fb::Backend::Coroutine2}) {
        Loop loop;
        fb::Runtime rt(loop);
        std::vector<std::string> log;
        int depth_reached = -1;
        rt.spawn(
            "deep", [&] { depth_reached = nested(5, &log); }, backend);
        loop.run();
        CHECK(depth_reached == 5);
        CHECK(log == std::vector<std::string>{"woke at the bottom"});
        CHECK(loop.now() == 10ms);
    }
}

TEST_CASE("fibers: join rethrows a failure; cancellation unwinds the task's stack") {
    for (fb::Backend backend : {fb::Backend::Fiber, fb::Backend::Coroutine2}) {
        Loop loop;
        fb::Runtime rt(loop);
        std::string caught;
        int released = 0;
        fb::TaskHandle worker = rt.spawn(
            "worker",
            [] {
                fb::sleep(5ms);
                throw std::runtime_error("disk full");
            },
            backend);
        rt.spawn(
            "parent",
            [&] {
                try {
                    fb::join(worker);
                } catch (const std::runtime_error& e) {
                    caught = e.what();
                }
            },
            backend);
        fb::TaskHandle sleeper = rt.spawn(
            "sleeper",
            [&] {
                Guard guard(&released);
                fb::sleep(1h);
            },
            backend);
        rt.spawn(
            "boss",
            [&] {
                fb::sleep(7ms);
                rt.cancel(sleeper);
            },
            backend);
        loop.run();
        CHECK(caught == "disk full");
        CHECK(released == 1);
        CHECK(sleeper.ending() == coop::Ending::Cancelled);
        CHECK(loop.now() == 7ms);
    }
}

TEST_CASE("fibers: destroying the runtime unwinds suspended fibers (forced unwind)") {
    for (fb::Backend backend : {fb::Backend::Fiber, fb::Backend::Coroutine2}) {
        Loop loop;
        int released = 0;
        {
            fb::Runtime rt(loop);
            fb::Channel box(0);
            rt.spawn(
                "sleeper",
                [&] {
                    Guard guard(&released);
                    fb::sleep(1h);
                },
                backend);
            rt.spawn(
                "receiver",
                [&] {
                    Guard guard(&released);
                    std::vector<std::string> never_written;  // unwound while it sleeps
                    nested(0, &never_written);
                },
                backend);
            rt.spawn(
                "blocked",
                [&] {
                    Guard guard(&released);
                    box.recv();
                },
                backend);
            loop.run_once();
            CHECK(released == 0);
            loop.clear();
        }
        CHECK(released == 3);
    }
}

TEST_CASE("fibers: a stack overflow is a clean crash that names the task") {
    int err[2];
    REQUIRE(::pipe(err) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // Only the message matters; whatever the test framework prints
        // about the crash in this child process goes nowhere.
        ::dup2(err[1], STDERR_FILENO);
        const int null_fd = ::open("/dev/null", O_WRONLY);
        ::dup2(null_fd, STDOUT_FILENO);
        Loop loop;
        fb::Runtime rt(loop, nullptr, fb::StackOptions{32 * 1024});
        rt.spawn("bottomless", [] {
            struct Recurse {
                static int down(int n) {
                    volatile char pad[512];
                    pad[0] = static_cast<char>(n);
                    return n > 1'000'000 ? pad[0] : down(n + 1) + pad[0];
                }
            };
            Recurse::down(0);
        });
        loop.run();
        ::_exit(0);  // not reached: the recursion overflows the 32 KiB stack
    }
    ::close(err[1]);
    std::string message;
    char buf[256];
    for (ssize_t n; (n = ::read(err[0], buf, sizeof buf)) > 0;) {
        message.append(buf, static_cast<std::size_t>(n));
    }
    ::close(err[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK_FALSE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    CHECK_MESSAGE(message.find("fiber task 'bottomless' overflowed its stack") != std::string::npos,
                  message);
}

TEST_CASE("fibers: pooled stacks serve many short tasks, reused") {
    for (fb::Backend backend : {fb::Backend::Fiber, fb::Backend::Coroutine2}) {
        Loop loop;
        fb::Runtime rt(loop, nullptr, fb::StackOptions{64 * 1024, true});
        int finished = 0;
        for (int i = 0; i < 5000; ++i) {
            rt.spawn(
                "t" + std::to_string(i),
                [&finished, i] {
                    fb::sleep(std::chrono::milliseconds(i % 7));
                    ++finished;
                },
                backend);
        }
        loop.run();
        CHECK(finished == 5000);
        CHECK(rt.unfinished_tasks().empty());
    }
}

TEST_CASE(
    "fibers-coroutine2 on pooled stacks: a finished task's coroutine takes up the next task") {
    // Each task ends before the next is spawned, so one coroutine serves
    // them all (fibers/runtime.cpp, run_tasks): each must still be itself,
    // fail, be cancelled and be joined as if it had a coroutine of its own.
    Loop loop;
    fb::Runtime rt(loop, nullptr, fb::StackOptions{64 * 1024, true});
    std::vector<std::string> log;
    rt.spawn(
        "parent",
        [&rt, &log] {
            for (int i = 0; i < 3; ++i) {
                fb::TaskHandle child = rt.spawn(
                    "child" + std::to_string(i),
                    [&rt, &log, i] {
                        log.push_back(rt.current_task().name());
                        fb::yield();
                        if (i == 1) {
                            throw std::runtime_error("child1 failed");
                        }
                        if (i == 2) {
                            fb::sleep(1h);  // cancelled here
                        }
                    },
                    fb::Backend::Coroutine2);
                if (i == 2) {
                    fb::yield();
                    rt.cancel(child.record());
                }
                try {
                    fb::join(child);
                    log.push_back("ended");
                } catch (const std::runtime_error& e) {
                    log.push_back(e.what());
                } catch (const fb::JoinedTaskCancelled&) {
                    log.push_back("cancelled");
                }
            }
        },
        fb::Backend::Coroutine2);
    loop.run();
    CHECK(log == std::vector<std::string>{"child0", "ended", "child1", "child1 failed", "child2",
                                          "cancelled"});
    CHECK(rt.unfinished_tasks().empty());
}

TEST_CASE("fibers: past the guard pages that fit, further tasks get unguarded stacks and run") {
    // 40,000 guarded stacks would need 80,000 memory mappings, more than
    // Linux's default vm.max_map_count allows: the tasks past about 31,000
    // take their stacks from the unguarded pool (fibers/stack.hpp), and every
    // task, suspended all at once, runs to its end.
    Loop loop;
    fb::Runtime rt(loop);
    int finished = 0;
    for (int i = 0; i < 40'000; ++i) {
        rt.spawn("t", [&finished] {
            fb::sleep(1h);
            ++finished;
        });
    }
    loop.run();
    CHECK(finished == 40'000);
    CHECK(rt.unfinished_tasks().empty());
}

TEST_CASE("fibers: what a suspended fiber costs in memory, measured") {
    constexpr int kFibers = 2000;
    const std::size_t stack_size = fb::StackOptions{}.size;
    Loop loop;
    fb::Runtime rt(loop);
    const long before = resident_bytes();
    for (int i = 0; i < kFibers; ++i) {
        rt.spawn("t" + std::to_string(i), [] { fb::sleep(1h); });
    }
    loop.run_once();  // every fiber starts, touches its stack, and suspends
    const long per_fiber = (resident_bytes() - before) / kFibers;
    MESSAGE("each suspended fiber reserves ", stack_size / 1024,
            " KiB of stack (+ a 4 KiB guard page) ", "and keeps about ", per_fiber,
            " bytes resident");
    CHECK(rt.unfinished_tasks().size() == static_cast<std::size_t>(kFibers));
    CHECK(per_fiber <
          static_cast<long>(stack_size) / 4);  // most of the reservation is never touched
    loop.clear();
}

}  // namespace coop::test
