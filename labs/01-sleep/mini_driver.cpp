#include "labs/01-sleep/mini_driver.hpp"

#include <stdexcept>
#include <utility>

namespace coop::lab01 {

void MiniDriver::spawn(std::string name, generators::AnyTaskGenerator body) {
    tasks_.push_back(std::make_unique<Task>(Task{std::move(name), std::move(body)}));
    Task* task = tasks_.back().get();
    loop_.call_soon([this, task] {
        trace_.task_event(loop_.now(), task->name, EventKind::Start);
        drive(*task);
    });
}

void MiniDriver::resume(Task& task) {
    trace_.task_event(loop_.now(), task.name, EventKind::Resume);
    drive(task);
}

void MiniDriver::drive(Task& task) {
    for (;;) {
        if (!task.started) {
            task.started = true;
            task.body.start();  // next(gen)
        } else {
            task.body.send(generators::Reply{});  // gen.send(None)
        }
        if (task.body.done()) {
            if (task.body.error()) {
                // The tasks of this lab do not fail; if one does, say so loudly.
                std::rethrow_exception(task.body.error());
            }
            trace_.task_event(loop_.now(), task.name, EventKind::End);
            return;
        }
        if (!carry_out(task, task.body.take_yielded())) {
            return;  // the task waits: control goes back to the loop
        }
    }
}

bool MiniDriver::carry_out(Task& task, generators::Request request) {
    if (auto* busy = std::get_if<generators::BusyFor>(&request.what)) {
        loop_.busy(busy->duration);  // work: nothing else runs, and the task goes on
        return true;
    }
    if (auto* sleep_for = std::get_if<generators::SleepFor>(&request.what)) {
        return sleep(task, *sleep_for);
    }
    throw std::logic_error("the mini driver knows only BusyFor and SleepFor");
}

}  // namespace coop::lab01
