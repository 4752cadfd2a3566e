#include "generators/runtime.hpp"

#include <cassert>
#include <utility>
#include <variant>

namespace coop::generators {

Runtime::~Runtime() {
    remove_from_loop();
    for (TaskRecord& task : records_) {
        // Innermost generator first, as a stack unwinds.
        while (!task.delegated.empty()) {
            task.delegated.pop_back();
        }
        task.body = {};
    }
}

TaskHandle Runtime::create_task(std::string name) {
    return TaskHandle{create(std::move(name)), *this};
}

void Runtime::spawn(const TaskHandle& handle, AnyTaskGenerator body) {
    TaskRecord& task = handle.record();
    task.body = std::move(body);
    spawned(task);  // its first step: TaskRecord::run
}

// The loop comes to the task: its first step, a wake-up (wake_soon), or its
// timer or fd firing.
void TaskRecord::run() {
    runtime.resume(*this);
}

// The one place where the loop gives control back to a task, its first
// step included: the trampoline takes over.
void Runtime::resume(TaskRecord& task) {
    if (going_on(task)) {
        if (task.channel_op.value) {
            task.reply_with_received_value();  // what a channel handed it
        }
        drive(task);
    } else {
        task.body = {};  // cancelled before it started: its generator never runs
    }
    reclaim_if_unused(task);
}

// The trampoline. It resumes the generator on top of the task's stack, then
// carries out the request it yields, and goes round again, until a request
// makes the task wait (back to the loop) or the bottom generator finishes.
// Delegating, and returning from a delegated generator, are a push and a pop
// here, not a C++ call: however deep the delegation, the C++ stack stays flat.
void Runtime::drive(TaskRecord& task) {
    for (;;) {
        AnyTaskGenerator& top = task.top();
        // The one place where a generator is resumed.
        if (top.created()) {
            top.start();  // next(gen)
        } else if (task.thrown_in) {
            top.throw_in(std::exchange(task.thrown_in, nullptr));  // gen.throw(error)
        } else {
            top.send(std::exchange(task.reply, Reply{}));  // gen.send(reply)
        }

        if (top.done()) {
            std::exception_ptr error = top.error();
            const Reply result = error ? Reply{} : top.returned();
            if (task.delegated.empty()) {
                task.body = {};  // the bottom of the stack: the task is done
                finish(task, error);
                return;
            }
            task.delegated.pop_back();
            // The delegating generator gets the result, or the exception,
            // at its `co_yield Delegate{...}`.
            task.thrown_in = error;
            task.reply = result;
            continue;
        }
        // std::visit calls the carry_out for the request's type; a request
        // type without one does not compile.
        const bool goes_on = std::visit(
            [this, &task](auto& request) { return carry_out(task, request); }, top.yielded().what);
        if (!goes_on) {
            return;  // the task waits: control goes back to the loop
        }
    }
}

}  // namespace coop::generators
