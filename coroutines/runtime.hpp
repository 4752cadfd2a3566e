// The coroutines runtime: spawned tasks on the shared loop.
//
// A spawned task is a TaskRecord that owns its top coroutine frame. Nested
// `co_await some_task()` calls run inside it and never meet the loop; only
// the awaiters in suspend.hpp, join() and the channels hand control back.
//
// The life of a task (create, spawn, cancel, finish, reclaim) is
// common/task_table.hpp.
//
// Where things happen (one breakpoint each):
//   Runtime::suspend   (runtime.hpp) every await_suspend that really waits calls it
//   Runtime::resume    (runtime.cpp) the one place where the loop resumes a task,
//                      its first start included: the only .resume() of a task
#pragma once

#include <cassert>
#include <coroutine>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/cancelled.hpp"
#include "common/loop.hpp"
#include "common/running_task.hpp"
#include "common/task_handle.hpp"
#include "common/task_table.hpp"
#include "common/trace.hpp"
#include "coroutines/task.hpp"

namespace coop::coroutines {

// What a task hears when it is cancelled (common/cancelled.hpp).
using coop::Cancelled;
using coop::JoinedTaskCancelled;

class Runtime;

// A spawned task, as the runtime and the loop see it: what every task holds
// (common/task_core.hpp), and its coroutine frames. The loop runs it (run(),
// in runtime.cpp) for its first step, after a wake-up, and when its timer or
// fd fires.
struct TaskRecord final : TaskCore {
    explicit TaskRecord(Runtime& owner) : runtime(owner) {}

    void run() override;

    Runtime& runtime;
    Task<void> body;                       // owns the top frame
    std::coroutine_handle<> resume_point;  // the innermost coroutine that is suspended
};

// What spawn returns: a reference to a task, to join or cancel it.
using TaskHandle = coop::TaskHandle<TaskRecord>;

class Runtime final : public TaskTable {
  public:
    explicit Runtime(Loop& loop, Trace* trace = nullptr) : TaskTable(loop, trace) {}
    // Destroys the frames of tasks that are still suspended: their locals'
    // destructors run. Loop callbacks pointing at tasks must be gone first
    // (loop.clear(), or the loop ran dry); the runtime removes its own
    // timers and fd watchers.
    ~Runtime();

    // A handle before the task is spawned, to join or cancel it early.
    TaskHandle create_task(std::string name);
    // Schedules the task's first step with call_soon.
    void spawn(const TaskHandle& task, Task<void> body);
    TaskHandle spawn(std::string name, Task<void> body);

    // The runtime and task the loop is running now (common/running_task.hpp).
    using Running = RunningTask<Runtime, TaskRecord>;
    static Runtime& current() { return Running::runtime(); }
    TaskRecord& current_task() { return Running::task(); }

    // For awaiters: the task gives control back to the loop, to be resumed
    // at `where`. Every await_suspend that really waits calls it, then
    // arranges how the task is woken and returns true: the coroutine's
    // callers return, up to Runtime::resume. Returns false when a
    // cancellation is due at this suspension point: the awaiter must not
    // suspend, and its await_resume throws Cancelled (rethrow_thrown_in).
    // `until` is a sleep's deadline (for the trace's `wait` event).
    bool suspend(TaskRecord& task, std::coroutine_handle<> where, WaitingFor what,
                 Time until = Time{-1}) {
        if (!suspending(task, what, until)) {
            return false;
        }
        task.resume_point = where;
        return true;
    }

  private:
    friend struct TaskRecord;
    void resume(TaskRecord& task);
    TaskCore& new_record() override { return records_.emplace_back(*this); }

    std::deque<TaskRecord> records_;  // a deque: records never move
};

// co_await join(task): waits until `task` has finished. Rethrows its
// exception if it failed; throws JoinedTaskCancelled if it was cancelled.
class JoinAwaiter {
  public:
    explicit JoinAwaiter(TaskHandle target) : target_(std::move(target)) {}
    bool await_ready() const noexcept { return target_.done(); }
    bool await_suspend(std::coroutine_handle<> me);
    void await_resume();

  private:
    TaskHandle target_;
    TaskRecord* self_ = nullptr;
};

inline JoinAwaiter join(TaskHandle target) {
    return JoinAwaiter{target};
}

// A spawned task with a result: what spawn_with_result returns. join() on it
// waits like join(handle) and then returns the task's value.
template <class T>
struct Spawned {
    TaskHandle handle;
    std::shared_ptr<std::optional<T>> result;  // filled in when the task ends
};

namespace detail {
// The spawned task runs this: it awaits the body as a nested call and keeps
// its value where join() will find it.
template <class T>
Task<void> keep_result(Task<T> body, std::shared_ptr<std::optional<T>> result) {
    *result = co_await std::move(body);
}
}  // namespace detail

template <class T>
Spawned<T> spawn_with_result(Runtime& runtime, std::string name, Task<T> body) {
    auto result = std::make_shared<std::optional<T>>();
    TaskHandle handle =
        runtime.spawn(std::move(name), detail::keep_result(std::move(body), result));
    return Spawned<T>{handle, std::move(result)};
}

// co_await join(spawned): the value the task returned, or its exception.
template <class T>
class ValueJoinAwaiter {
  public:
    explicit ValueJoinAwaiter(Spawned<T> spawned)
        : join_(spawned.handle), result_(std::move(spawned.result)) {}
    bool await_ready() const noexcept { return join_.await_ready(); }
    bool await_suspend(std::coroutine_handle<> me) { return join_.await_suspend(me); }
    T await_resume() {
        join_.await_resume();  // rethrows the task's exception
        return std::move(**result_);
    }

  private:
    JoinAwaiter join_;
    std::shared_ptr<std::optional<T>> result_;
};

template <class T>
ValueJoinAwaiter<T> join(Spawned<T> spawned) {
    return ValueJoinAwaiter<T>{std::move(spawned)};
}

}  // namespace coop::coroutines
