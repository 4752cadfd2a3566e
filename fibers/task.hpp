// What a task is in the fibers technique: a function running on a stack of
// its own.
//
//   thread stack (the loop)                 task stack (one per task)
//   -----------------------                 -------------------------
//   Loop::run_once                           run_ops
//     Runtime::resume ──switch_into──▶         run_ops (nested repeat)
//                                                some_plain_function
//                                                  fibers::sleep(d)
//     (returns to the loop) ◀──switch_to_loop──    Runtime::suspend
//
// Suspending saves the task's registers (stack pointer, instruction pointer,
// callee-saved registers) and loads the loop's; resuming does the opposite.
// Nothing else moves: the task's whole call chain stays where it is, on its
// own stack, which is why it may suspend from any depth.
//
// Two ways to switch, one per technique row:
//   Backend::Fiber       boost::context::fiber: symmetric, the task holds the
//                        loop's context and switches to it (greenlet's switch())
//   Backend::Coroutine2  boost::coroutines2: an asymmetric stackful coroutine;
//                        the task yields (what it waits for) to whoever resumed it
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/context/fiber.hpp>
#include <boost/coroutine2/coroutine.hpp>

#include "common/loop.hpp"
#include "common/trace.hpp"

namespace coop::fibers {

class ChannelBase;
class Runtime;

// One byte each, as in the other techniques.
enum class Backend : std::uint8_t { Fiber, Coroutine2 };
enum class TaskState : std::uint8_t { NotSpawned, Scheduled, Running, Waiting, Ready, Done };
enum class Ending : std::uint8_t { None, Ended, Failed, Cancelled };
// What a waiting task waits for: coop::WaitingFor, in common/trace.hpp.

using Coroutine = boost::coroutines2::coroutine<WaitingFor>;

// The loop runs a task (run(), in runtime.cpp) for its first step, after a
// wake-up, and when its timer or fd fires.
struct TaskRecord final : Runnable {
    TaskRecord(Runtime& owner, const std::string& task_name) : runtime(owner), name(task_name) {}
    TaskRecord(const TaskRecord&) = delete;
    TaskRecord& operator=(const TaskRecord&) = delete;

    void run() override;

    Runtime& runtime;
    // The task's name is kept once, by the runtime (Runtime::names_), and
    // only referred to here: a reference is 8 bytes where a std::string is
    // 32, and a thousand tasks spawned as "worker" share one copy.
    const std::string& name;
    std::size_t spawn_order = 0;
    std::function<void()> body;

    // Backend::Fiber: the task's context while it is suspended, and, while
    // it runs, the loop's context to switch back to.
    boost::context::fiber fiber;
    boost::context::fiber loop_side;
    // Backend::Coroutine2: the coroutine (the driver's end) and, inside it,
    // the end the task yields through.
    std::optional<Coroutine::pull_type> coroutine;
    Coroutine::push_type* yield_to_driver = nullptr;

    // The one-byte fields side by side, so that they share one word.
    Backend backend = Backend::Fiber;
    TaskState state = TaskState::NotSpawned;
    WaitingFor waiting_for = WaitingFor::Nothing;
    bool cancel_requested = false;
    bool completes_handoff = false;
    bool wake_cancelled = false;  // suspend() must throw Cancelled when it returns
    Ending ending = Ending::None;

    // What it waits on. A task waits on one thing at a time, so these share
    // their space (a union): waiting_for is the tag that says which one holds
    // a value, and reading another is a bug. Every member is trivial (an id
    // or a pointer), so the union needs no constructor or destructor and
    // writing one member simply replaces the other; being anonymous, they
    // read as task.timer, task.joined. (A std::variant would check each read,
    // but would keep a tag of its own beside waiting_for.)
    union {
        TimerId timer;                 // WaitingFor::Timer
        WatchId watch;                 // WaitingFor::Fd
        TaskRecord* joined = nullptr;  // WaitingFor::Join
        ChannelBase* channel;          // WaitingFor::Send, Recv
    };

    std::vector<TaskRecord*> joiners;
    std::exception_ptr error;

    bool done() const { return state == TaskState::Done; }
};

}  // namespace coop::fibers
