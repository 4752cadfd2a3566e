#include "generators/runtime.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

#include "generators/channel.hpp"

namespace coop::generators {

Runtime::~Runtime() {
    for (TaskRecord& task : tasks_) {
        if (task.waiting_for == WaitingFor::Timer) {
            loop_.cancel_timer(task.timer);
        }
        if (task.waiting_for == WaitingFor::Fd) {
            loop_.unwatch(task.watch);
        }
        // Innermost generator first, as a stack unwinds.
        while (!task.stack.empty()) {
            task.stack.pop_back();
        }
    }
}

TaskRecord& Runtime::create_task(std::string name) {
    const std::string& kept = *names_.insert(std::move(name)).first;
    return tasks_.emplace_back(*this, kept);
}

void Runtime::spawn(TaskRecord& task, AnyTaskGenerator body) {
    assert(task.state == TaskState::NotSpawned);
    task.state = TaskState::Scheduled;
    task.spawn_order = spawned_++;
    task.stack.push_back(std::move(body));
    task.started = false;
    loop_.call_soon(task);  // its first step: TaskRecord::run
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

void Runtime::first_step(TaskRecord& task) {
    task.state = TaskState::Running;
    if (task.cancel_requested) {
        // Cancelled before it started: its generator never runs.
        task.stack.clear();
        finish(task, std::make_exception_ptr(Cancelled{}));
        return;
    }
    record(task, EventKind::Start);
    drive(task);
}

void Runtime::resume(TaskRecord& task) {
    assert(task.state == TaskState::Ready || task.state == TaskState::Waiting);
    if (task.cancel_requested && !task.completes_handoff) {
        throw_in_cancelled(task);
    } else {
        record(task, EventKind::Resume);
    }
    task.completes_handoff = false;
    drive(task);
}

void Runtime::throw_in_cancelled(TaskRecord& task) {
    task.throw_in = std::make_exception_ptr(Cancelled{});
}

// The trampoline. It resumes the generator on top of the task's stack, then
// carries out the request it yields, and goes round again, until a request
// makes the task wait (back to the loop) or the bottom generator finishes.
// Delegating, and returning from a delegated generator, are a push and a pop
// here, not a C++ call: however deep the delegation, the C++ stack stays flat.
void Runtime::drive(TaskRecord& task) {
    task.state = TaskState::Running;
    task.waiting_for = WaitingFor::Nothing;
    for (;;) {
        AnyTaskGenerator& top = task.stack.back();
        // The one place where a generator is resumed.
        if (!task.started) {
            task.started = true;
            top.start();  // next(gen)
        } else if (task.throw_in) {
            top.throw_in(std::exchange(task.throw_in, nullptr));  // gen.throw(error)
        } else {
            top.send(std::exchange(task.reply, Reply{}));  // gen.send(reply)
        }

        if (top.done()) {
            std::exception_ptr error = top.error();
            const Reply result = error ? Reply{} : top.returned();
            task.stack.pop_back();
            if (task.stack.empty()) {
                finish(task, error);
                return;
            }
            // The delegating generator gets the result, or the exception,
            // at its `co_yield Delegate{...}`.
            task.throw_in = error;
            task.reply = result;
            continue;
        }
        if (!carry_out(task, top.yielded())) {
            return;  // the task waits: control goes back to the loop
        }
    }
}

// The one place where a request is handled. Returns true when the task can
// go on at once (its answer, or an exception to throw in, is ready).
bool Runtime::carry_out(TaskRecord& task, Request& request) {
    if (auto* r = std::get_if<SleepFor>(&request.what)) {
        return sleep(task, *r);
    }
    if (auto* r = std::get_if<WaitFd>(&request.what)) {
        return wait_fd(task, *r);
    }
    if (auto* r = std::get_if<JoinTask>(&request.what)) {
        return join(task, *r);
    }
    if (auto* r = std::get_if<SendTo>(&request.what)) {
        return send(task, *r);
    }
    if (auto* r = std::get_if<ReceiveFrom>(&request.what)) {
        return receive(task, *r);
    }
    if (auto* r = std::get_if<BusyFor>(&request.what)) {
        loop_.busy(r->duration);
        return true;
    }
    if (auto* r = std::get_if<SpawnTask>(&request.what)) {
        spawn(*r->task, std::move(r->body));
        return true;
    }
    if (auto* r = std::get_if<CancelTask>(&request.what)) {
        cancel(*r->task);
        return true;
    }
    if (auto* r = std::get_if<Delegate>(&request.what)) {
        task.stack.push_back(std::move(r->sub));  // `yield from`: a push, not a call
        task.started = false;
        return true;
    }
    assert(!"unknown request");
    return true;
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
        if (task.ending == Ending::Failed) {
            joiner->throw_in = task.error;
        } else if (task.ending == Ending::Cancelled) {
            joiner->throw_in = std::make_exception_ptr(JoinedTaskCancelled{});
        }
        wake_soon(*joiner, Reply{});
    }
    task.joiners.clear();
}

void Runtime::cancel(TaskRecord& task) {
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
            task.throw_in = nullptr;
            wake_soon(task, Reply{});
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

}  // namespace coop::generators
