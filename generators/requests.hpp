// What a generator task can ask the driver for: plain data, named after what
// it waits for or wants done (like curio's traps and the system calls of
// Beazley's pyos). A task never touches the loop; it yields one of these and
// the driver (runtime.cpp) carries it out, then sends the answer back in.
#pragma once

#include <cstdint>
#include <utility>
#include <variant>

#include "common/clock.hpp"
#include "common/loop.hpp"
#include "common/task_handle.hpp"
#include "generators/generator.hpp"

namespace coop::generators {

struct TaskRecord;
class Channel;
using TaskHandle = coop::TaskHandle<TaskRecord>;

// What the driver sends back into a task: a received value, or the result of
// a delegated generator.
struct Reply {
    Reply() = default;
    Reply(std::int64_t v) : value(v) {}  // NOLINT: a sub-generator's result converts to a Reply
    std::int64_t value = 0;
};

struct Request;
using TaskGenerator = Generator<Request, Reply>;  // what a task body is
using AnyTaskGenerator = AnyGenerator<Request, Reply>;

// Suspending requests: the task waits until the driver resumes it.
struct SleepFor {  // 0 = yield: one trip round the ready queue
    explicit SleepFor(Duration d) : duration(d) {}
    Duration duration;
};
struct WaitFd {
    WaitFd(int f, Interest i) : fd(f), interest(i) {}
    int fd;
    Interest interest;
};
struct JoinTask {  // answers when the task is done; throws its failure in
    explicit JoinTask(TaskHandle t) : task(std::move(t)) {}
    TaskHandle task;
};
struct SendTo {  // may wait until a receiver takes the value
    SendTo(Channel* c, std::int64_t v) : channel(c), value(v) {}
    Channel* channel;
    std::int64_t value;
};
struct ReceiveFrom {  // may wait; the answer is the value
    explicit ReceiveFrom(Channel* c) : channel(c) {}
    Channel* channel;
};

// Requests that never suspend: the driver carries them out and resumes the
// task at once, from its own loop (no recursion).
struct BusyFor {
    explicit BusyFor(Duration d) : duration(d) {}
    Duration duration;
};
struct SpawnTask {
    SpawnTask(TaskHandle t, AnyTaskGenerator b) : task(std::move(t)), body(std::move(b)) {}
    TaskHandle task;
    AnyTaskGenerator body;
};
struct CancelTask {
    explicit CancelTask(TaskHandle t) : task(std::move(t)) {}
    TaskHandle task;
};
// `yield from`: run `sub` to completion; the answer is its result. The driver
// pushes it on the task's stack of generators.
struct Delegate {
    explicit Delegate(AnyTaskGenerator s) : sub(std::move(s)) {}
    AnyTaskGenerator sub;
};

struct Request {
    template <class R>
    Request(R r) : what(std::move(r)) {}  // NOLINT: `co_yield SleepFor{d}` reads best
    std::variant<SleepFor, WaitFd, JoinTask, SendTo, ReceiveFrom, BusyFor, SpawnTask, CancelTask,
                 Delegate>
        what;
};

}  // namespace coop::generators
