#include "fibers/runtime.hpp"

#include <algorithm>

#include <boost/context/stack_traits.hpp>
#include <cassert>
#include <utility>

#include "fibers/channel.hpp"

namespace coop::fibers {

namespace ctx = boost::context;

Runtime::Runtime(Loop& loop, Trace* trace, StackOptions stacks)
    : TaskTable(loop, trace), stacks_(stacks) {
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
    return TaskStack{stacks_.size, task.name()};
}

Runtime::~Runtime() {
    remove_from_loop();
    // Destroying a suspended fiber (or Coroutine2 coroutine) switches into it
    // once more and throws boost::context's forced_unwind from its suspension
    // point: its stack unwinds, destructors run, and the stack is freed.
    for (TaskRecord& task : records_) {
        const Running running(*this, &task);
        task.fiber = ctx::fiber{};
        task.coroutine.reset();
        task.body = nullptr;
    }
}

TaskHandle Runtime::create_task(std::string name) {
    return TaskHandle{create(std::move(name)), *this};
}

void Runtime::spawn(const TaskHandle& handle, std::function<void()> body, Backend backend) {
    TaskRecord& task = handle.record();
    task.backend = backend;
    task.body = std::move(body);
    spawned(task);  // its first step: TaskRecord::run
}

TaskHandle Runtime::spawn(std::string name, std::function<void()> body, Backend backend) {
    TaskHandle handle = create_task(std::move(name));
    spawn(handle, std::move(body), backend);
    return handle;
}

// The loop comes to the task: its first step, a wake-up (wake_soon), or its
// timer or fd firing.
void TaskRecord::run() {
    runtime.resume(*this);
}

// The one place where the loop gives control to a task: a switch to the
// task's own stack (made here at its first start). It comes back here when
// the task suspends or ends.
void Runtime::resume(TaskRecord& task) {
    // (A task cancelled before it started never runs: no stack is made.)
    if (going_on(task)) {
        const Running running(*this, &task);
        if (task.backend == Backend::Coroutine2) {
            if (task.coroutine) {
                (*task.coroutine)();
            } else if (!idle_coroutines_.empty()) {
                task.coroutine.emplace(std::move(idle_coroutines_.back()));
                idle_coroutines_.pop_back();
                (*task.coroutine)();  // it takes up this task (run_tasks)
            } else {
                // A Coroutine2 coroutine starts running as soon as it is created.
                task.coroutine.emplace(stack_for(task),
                                       [this](Coroutine::push_type& yield) { run_tasks(yield); });
            }
        } else {
            if (!task.fiber) {
                TaskRecord* t = &task;
                task.fiber = ctx::fiber{std::allocator_arg, stack_for(task),
                                        [this, t](ctx::fiber&& loop_side) {
                                            t->loop_side = std::move(loop_side);
                                            run_body(*t);
                                            return std::move(t->loop_side);
                                        }};
            }
            task.fiber = std::move(task.fiber).resume();
        }
    }
    if (task.done()) {
        if (task.coroutine && stacks_.pooled) {
            idle_coroutines_.push_back(std::move(*task.coroutine));  // see run_tasks
        }
        task.coroutine.reset();  // the stack goes back now
        task.body = nullptr;
        reclaim_if_unused(task);
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

// The body of a Coroutine2 coroutine: it runs the task the loop switched it
// to (the running task). With guarded stacks that is all: the coroutine ends
// with its task, and destroying it frees its stack. Destroying a coroutine
// that has ended still costs an exception, though: Boost.Coroutine2 (1.74)
// keeps an ended coroutine's context suspended inside its last switch, and
// unwinds it with forced_unwind (about 1 us, most of a spawn). With pooled
// stacks, which are kept for reuse anyway, the coroutine is kept instead:
// once its task has finished it yields, waits among the runtime's idle
// coroutines, and takes up the next Coroutine2 task spawned, on the stack it
// already has.
void Runtime::run_tasks(Coroutine::push_type& yield) {
    for (;;) {
        TaskRecord& task = current_task();
        task.yield_to_loop = &yield;
        run_body(task);
        if (!stacks_.pooled) {
            return;
        }
        yield();  // idle, until resume() hands it the next task
    }
}

}  // namespace coop::fibers
