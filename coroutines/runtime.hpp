// The coroutines runtime: spawned tasks on the shared loop.
//
// A spawned task is a TaskRecord that owns its top coroutine frame. Nested
// `co_await some_task()` calls run inside it and never meet the loop; only
// the awaiters in suspend.hpp, join() and the channels hand control back.
//
// Where things happen (one breakpoint each):
//   Runtime::suspend   (runtime.cpp) every await_suspend that really waits calls it
//   Runtime::resume    (runtime.cpp) the one place where the loop resumes a task
#pragma once

#include <cassert>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/loop.hpp"
#include "common/trace.hpp"
#include "coroutines/task.hpp"

namespace coop::coroutines {

// Thrown at a task's suspension point when it is cancelled. Let it
// propagate: destructors and catch blocks run on the way out, and the task
// ends as cancelled. A task that catches it and goes on is cancelled again at
// its next suspension point.
class Cancelled : public std::exception {
  public:
    const char* what() const noexcept override { return "task cancelled"; }
};

// Thrown by join() when the joined task was cancelled: the joiner is
// cancelled too, unless it catches this.
class JoinedTaskCancelled : public std::exception {
  public:
    const char* what() const noexcept override { return "the joined task was cancelled"; }
};

class ChannelBase;
class Runtime;

// One byte each: a million suspended tasks hold a million records.
enum class TaskState : std::uint8_t { NotSpawned, Scheduled, Running, Waiting, Ready, Done };
enum class Ending : std::uint8_t { None, Ended, Failed, Cancelled };
// What a waiting task waits for: coop::WaitingFor, in common/trace.hpp.

// A spawned task, as the runtime and the loop see it. The loop runs it
// (run(), in runtime.cpp) for its first step, after a wake-up, and when its
// timer or fd fires.
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

    Task<void> body;                       // owns the top frame
    std::coroutine_handle<> resume_point;  // the innermost coroutine that is suspended

    // The one-byte fields side by side, so that they share one word.
    TaskState state = TaskState::NotSpawned;
    WaitingFor waiting_for = WaitingFor::Nothing;
    bool cancel_requested = false;
    bool completes_handoff = false;  // a channel already moved this task's value
    bool wake_cancelled = false;     // the awaiter must throw Cancelled
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

    std::vector<TaskRecord*> joiners;  // in the order they began to wait
    std::exception_ptr error;          // Ending::Failed: what join() rethrows

    bool done() const { return state == TaskState::Done; }
};

// What spawn returns: a reference to a task, to join or cancel it.
class TaskHandle {
  public:
    explicit TaskHandle(TaskRecord* record) : record_(record) {}
    const std::string& name() const { return record_->name; }
    bool done() const { return record_->done(); }
    Ending ending() const { return record_->ending; }
    TaskRecord& record() const { return *record_; }

  private:
    TaskRecord* record_;
};

class Runtime {
  public:
    // With a trace, the runtime records every task's start, resume, end,
    // fail and cancelled events (SEMANTICS §5), like curio's activations.
    explicit Runtime(Loop& loop, Trace* trace = nullptr) : loop_(loop), trace_(trace) {}
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;
    // Destroys the frames of tasks that are still suspended: their locals'
    // destructors run. Loop callbacks pointing at tasks must be gone first
    // (loop.clear(), or the loop ran dry); the runtime removes its own
    // timers and fd watchers.
    ~Runtime();

    Loop& loop() { return loop_; }

    // A handle before the task is spawned, to join or cancel it early.
    TaskHandle create_task(std::string name);
    // Schedules the task's first step with call_soon.
    void spawn(TaskHandle task, Task<void> body);
    TaskHandle spawn(std::string name, Task<void> body);

    void cancel(TaskHandle task);

    // The tasks spawned but not finished, in spawn order.
    std::vector<const TaskRecord*> unfinished_tasks() const;

    // The runtime and task the loop is running now (asyncio's current_task).
    static Runtime& current() {
        assert(current_ != nullptr && "co_await outside a task of a coroutines::Runtime");
        return *current_;
    }
    TaskRecord& current_task() {
        assert(running_ != nullptr);
        return *running_;
    }

    // --- for awaiters -----------------------------------------------------
    // These three run on every suspension, so they are written here, inline.

    // The task gives control back to the loop, to be resumed at `where`.
    // Returns false when a cancellation is due at this suspension point: the
    // awaiter must not suspend, and its await_resume throws Cancelled.
    // `until` is a sleep's deadline (for the trace's `wait` event).
    bool suspend(TaskRecord& task, std::coroutine_handle<> where, WaitingFor what,
                 Time until = Time{-1}) {
        assert(task.state == TaskState::Running);
        if (task.cancel_requested) {
            // A cancel arrived while the task completed a channel hand-off
            // (or the task swallowed Cancelled): it is cancelled here instead.
            task.wake_cancelled = true;
            return false;
        }
        task.resume_point = where;
        task.waiting_for = what;
        task.state = TaskState::Waiting;
        if (trace_ != nullptr) {
            trace_->wait(loop_.now(), task.name, what, until);
        }
        return true;
    }
    // In await_resume: throws Cancelled if the task was woken to be cancelled.
    static void throw_if_cancelled(TaskRecord& task) {
        if (task.wake_cancelled) {
            task.wake_cancelled = false;
            throw Cancelled{};
        }
    }
    // Puts a waiting task in the ready queue.
    void wake_soon(TaskRecord& task) {
        assert(task.state == TaskState::Waiting);
        if (trace_ != nullptr && task.waiting_for != WaitingFor::Ready) {
            trace_->wake(loop_.now(), task.name);
        }
        task.state = TaskState::Ready;
        task.waiting_for = WaitingFor::Ready;
        loop_.call_soon(task);
    }

  private:
    friend struct TaskRecord;
    void resume(TaskRecord& task);
    void first_step(TaskRecord& task);
    void run_until_suspended(TaskRecord& task);
    void body_finished(TaskRecord& task);
    void finish(TaskRecord& task);
    bool stop_waiting(TaskRecord& task);
    // Tracing is off in most runs: the check is inline, the writing is not.
    void record(const TaskRecord& task, EventKind kind) {
        if (trace_ != nullptr) {
            write_event(task, kind);
        }
    }
    void write_event(const TaskRecord& task, EventKind kind);

    // The runtime whose task is running now. Awaiters find their task through
    // it, the way asyncio's awaitables find the running loop and current task.
    static inline thread_local Runtime* current_ = nullptr;

    Loop& loop_;
    Trace* trace_;
    // One copy of each task name; the records refer to them. An
    // unordered_set never moves its elements and this one never drops one,
    // so the references stay valid as long as the runtime.
    std::unordered_set<std::string> names_;
    std::deque<TaskRecord> tasks_;  // a deque: records never move
    std::size_t spawned_ = 0;
    TaskRecord* running_ = nullptr;
};

// co_await join(task): waits until `task` has finished. Rethrows its
// exception if it failed; throws JoinedTaskCancelled if it was cancelled.
class JoinAwaiter {
  public:
    explicit JoinAwaiter(TaskHandle target) : target_(&target.record()) {}
    bool await_ready() const noexcept { return target_->done(); }
    bool await_suspend(std::coroutine_handle<> me);
    void await_resume();

  private:
    TaskRecord* target_;
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
