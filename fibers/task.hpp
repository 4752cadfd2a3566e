// What a task is in the fibers technique: a function running on a stack of
// its own.
//
//   thread stack (the loop)                 task stack (one per task)
//   -----------------------                 -------------------------
//   Loop::run_once                           run_ops
//     Runtime::resume ──────────────▶          run_ops (nested repeat)
//                                                some_plain_function
//                                                  fibers::sleep(d)
//     (returns to the loop) ◀────────────────      Runtime::suspend
//
// Suspending saves the task's registers (stack pointer, instruction pointer,
// callee-saved registers) and loads the loop's; resuming does the opposite.
// Nothing else moves: the task's whole call chain stays where it is, on its
// own stack, which is why it may suspend from any depth.
//
// Two ways to switch, one per technique row. Either way the switch goes
// through the loop's stack: task -> loop -> next task, never from one task
// straight to another (gevent's hub, not greenlet's switch to a chosen
// greenlet).
//   Backend::Fiber       boost::context::fiber: the task holds the loop's
//                        context while it runs, and switches back to it
//   Backend::Coroutine2  boost::coroutines2: an asymmetric stackful coroutine;
//                        the task yields (nothing: a void coroutine) to
//                        whoever resumed it
//
// What every task holds whatever the technique (its name, state, what it
// waits on, its joiners) is in common/task_core.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include <boost/context/fiber.hpp>
#include <boost/coroutine2/coroutine.hpp>

#include "common/task_core.hpp"
#include "common/task_handle.hpp"

namespace coop::fibers {

class Runtime;

enum class Backend : std::uint8_t { Fiber, Coroutine2 };

using Coroutine = boost::coroutines2::coroutine<void>;

// The loop runs a TaskRecord (run(), in runtime.cpp) for its first step,
// after a wake-up, and when its timer or fd fires.
struct TaskRecord final : TaskCore {
    explicit TaskRecord(Runtime& owner) : runtime(owner) {}

    void run() override;

    Runtime& runtime;
    std::function<void()> body;

    // Backend::Fiber: the task's context while it is suspended, and, while
    // it runs, the loop's context to switch back to.
    boost::context::fiber fiber;
    boost::context::fiber loop_side;
    // Backend::Coroutine2: the coroutine (the loop's end) and, inside it,
    // the end the task yields through.
    std::optional<Coroutine::pull_type> coroutine;
    Coroutine::push_type* yield_to_loop = nullptr;
    Backend backend = Backend::Fiber;
};

using TaskHandle = coop::TaskHandle<TaskRecord>;

}  // namespace coop::fibers
