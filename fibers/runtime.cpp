#include "fibers/runtime.hpp"

#include <algorithm>

#include <boost/context/stack_traits.hpp>
#include <cassert>
#include <utility>

#include "fibers/channel.hpp"

namespace coop::fibers {

namespace ctx = boost::context;

Runtime::Runtime(Loop& loop, Trace* trace, StackOptions stacks)
    : loop_(loop), trace_(trace), stacks_(stacks) {
    if (stacks_.pooled) {
        // The pool lays stacks back to back. Were each a whole number of
        // pages, every stack's top (where a suspended fiber's live data is)
        // would sit at the same offset in its page and in the same few
        // cache sets, and a thousand fibers taking turns would evict each
        // other there. One cache line more per stack staggers the tops.
        constexpr std::size_t kCacheLine = 64;
        stack_pool_.emplace(std::max(stacks_.size, boost::context::stack_traits::minimum_size()) +
                            kCacheLine);
    }
    install_stack_overflow_reporter();
}

TaskStack Runtime::stack_for(const TaskRecord& task) {
    if (stack_pool_) {
        return TaskStack{*stack_pool_};
    }
    return TaskStack{stacks_.size, task.name};
}

Runtime::~Runtime() {
    for (TaskRecord& task : tasks_) {
        if (task.waiting_for == WaitingFor::Timer) {
            loop_.cancel_timer(task.timer);
        }
        if (task.waiting_for == WaitingFor::Fd) {
            loop_.unwatch(task.watch);
        }
    }
    // Destroying a suspended fiber (or Coroutine2 coroutine) switches into it
    // once more and throws boost::context's forced_unwind from its suspension
    // point: its stack unwinds, destructors run, and the stack is freed.
    for (TaskRecord& task : tasks_) {
        Runtime* const outer = std::exchange(current_, this);
        task.fiber = ctx::fiber{};
        task.coroutine.reset();
        current_ = outer;
    }
}

TaskHandle Runtime::create_task(std::string name) {
    const std::string& kept = *names_.insert(std::move(name)).first;
    return TaskHandle{&tasks_.emplace_back(*this, kept)};
}

void Runtime::spawn(TaskHandle handle, std::function<void()> body, Backend backend) {
    TaskRecord& task = handle.record();
    assert(task.state == TaskState::NotSpawned);
    task.state = TaskState::Scheduled;
    task.spawn_order = spawned_++;
    task.backend = backend;
    task.body = std::move(body);
    loop_.call_soon(task);  // its first step: TaskRecord::run
}

TaskHandle Runtime::spawn(std::string name, std::function<void()> body, Backend backend) {
    TaskHandle handle = create_task(std::move(name));
    spawn(handle, std::move(body), backend);
    return handle;
}

void Runtime::first_step(TaskRecord& task) {
    task.state = TaskState::Running;
    if (task.cancel_requested) {
        // Cancelled before it started: no stack is ever allocated for it.
        finish(task, std::make_exception_ptr(Cancelled{}));
        return;
    }
    record(task, EventKind::Start);
    if (task.backend == Backend::Fiber) {
        TaskRecord* t = &task;
        task.fiber =
            ctx::fiber{std::allocator_arg, stack_for(task), [this, t](ctx::fiber&& loop_side) {
                           t->loop_side = std::move(loop_side);
                           run_body(*t);
                           return std::move(t->loop_side);
                       }};
    }
    switch_into(task);
}

// The loop comes to the task: its first step, a wake-up (wake_soon), or its
// timer or fd firing.
void TaskRecord::run() {
    if (state == TaskState::Scheduled) {
        runtime.first_step(*this);
        return;
    }
    runtime.resume(*this);
}

void Runtime::resume(TaskRecord& task) {
    assert(task.state == TaskState::Ready || task.state == TaskState::Waiting);
    if (task.cancel_requested && !task.completes_handoff) {
        task.wake_cancelled = true;  // suspend() will throw Cancelled
    } else {
        record(task, EventKind::Resume);
    }
    task.completes_handoff = false;
    switch_into(task);
}

// The one place where the loop gives control to a task: a switch to the
// task's own stack. It comes back here when the task suspends or ends.
void Runtime::switch_into(TaskRecord& task) {
    Runtime* const outer_runtime = std::exchange(current_, this);
    TaskRecord* const outer_task = std::exchange(running_, &task);
    task.state = TaskState::Running;
    task.waiting_for = WaitingFor::Nothing;
    if (task.backend == Backend::Fiber) {
        task.fiber = std::move(task.fiber).resume();
    } else if (task.coroutine) {
        (*task.coroutine)();
    } else {
        // A Coroutine2 coroutine starts running as soon as it is created.
        TaskRecord* t = &task;
        task.coroutine.emplace(stack_for(task), [this, t](Coroutine::push_type& yield_to_driver) {
            t->yield_to_driver = &yield_to_driver;
            run_body(*t);
        });
    }
    running_ = outer_task;
    current_ = outer_runtime;
    if (task.done()) {
        task.coroutine.reset();  // the stack goes back now
    }
}

void Runtime::switch_to_loop(TaskRecord& task) {
    if (task.backend == Backend::Fiber) {
        task.loop_side = std::move(task.loop_side).resume();
    } else {
        (*task.yield_to_driver)(task.waiting_for);
    }
}

void Runtime::run_body(TaskRecord& task) {
    std::exception_ptr error;
    try {
        task.body();
    } catch (const ctx::detail::forced_unwind&) {
        throw;  // the runtime is unwinding an abandoned task: let it through
    } catch (...) {
        error = std::current_exception();
    }
    finish(task, error);
}

void Runtime::finish(TaskRecord& task, std::exception_ptr error) {
    task.ending = Ending::Ended;
    if (error) {
        try {
            std::rethrow_exception(error);
        } catch (const Cancelled&) {
            task.ending = Ending::Cancelled;
        } catch (const JoinedTaskCancelled&) {
            task.ending = Ending::Cancelled;
        } catch (const std::exception& e) {
            task.ending = Ending::Failed;
            if (trace_ != nullptr) {
                trace_->fail(loop_.now(), task.name, e.what());
            }
        } catch (...) {
            task.ending = Ending::Failed;
            if (trace_ != nullptr) {
                trace_->fail(loop_.now(), task.name, "unknown exception");
            }
        }
    }
    if (task.ending == Ending::Ended) {
        record(task, EventKind::End);
    } else if (task.ending == Ending::Cancelled) {
        record(task, EventKind::Cancelled);
    }
    task.error = error;
    task.state = TaskState::Done;
    for (TaskRecord* joiner : task.joiners) {
        joiner->joined = nullptr;
        wake_soon(*joiner);
    }
    task.joiners.clear();
}

void Runtime::cancel(TaskHandle handle) {
    TaskRecord& task = handle.record();
    switch (task.state) {
        case TaskState::Done:
            return;
        case TaskState::NotSpawned:
        case TaskState::Scheduled:
        case TaskState::Ready:
            task.cancel_requested = true;
            return;
        case TaskState::Running:
            assert(!"a task never cancels itself");
            return;
        case TaskState::Waiting:
            task.cancel_requested = true;
            if (!stop_waiting(task)) {
                return;  // its timer or fd already fired: it is scheduled to go on
            }
            wake_soon(task);
            return;
    }
}

bool Runtime::stop_waiting(TaskRecord& task) {
    switch (task.waiting_for) {
        case WaitingFor::Timer:
            if (!loop_.cancel_timer(task.timer)) {
                return false;  // already fired: its callback waits in the ready queue
            }
            break;
        case WaitingFor::Fd:
            if (!loop_.unwatch(task.watch)) {
                return false;
            }
            break;
        case WaitingFor::Join:
            std::erase(task.joined->joiners, &task);
            task.joined = nullptr;
            break;
        case WaitingFor::Send:
        case WaitingFor::Recv:
            task.channel->forget(task);
            task.channel = nullptr;
            break;
        case WaitingFor::Nothing:
        case WaitingFor::Ready:
            break;
    }
    return true;
}

void Runtime::write_event(const TaskRecord& task, EventKind kind) {
    trace_->task_event(loop_.now(), task.name, kind);
}

std::vector<const TaskRecord*> Runtime::unfinished_tasks() const {
    std::vector<const TaskRecord*> result;
    for (const TaskRecord& task : tasks_) {
        if (task.state != TaskState::NotSpawned && task.state != TaskState::Done) {
            result.push_back(&task);
        }
    }
    std::sort(result.begin(), result.end(), [](const TaskRecord* a, const TaskRecord* b) {
        return a->spawn_order < b->spawn_order;
    });
    return result;
}

}  // namespace coop::fibers
