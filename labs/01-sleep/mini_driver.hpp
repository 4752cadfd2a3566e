// A driver for generator tasks cut down to the bone: it knows two requests,
// BusyFor and SleepFor, and nothing of joins, channels or cancellation.
// generators/runtime.cpp is the full one; this one fits on a page, so that
// the place where a sleeping task waits (MiniDriver::sleep, which you write in
// generators_sleep.cpp) is easy to see.
//
//   task:    co_yield SleepFor{d};     the generator stops at its co_yield
//   driver:  drive()                   take_yielded() → carry_out(request)
//            sleep(task, request)      arranges the wake-up; false: wait
//            drive returns             ← control is back in the loop
#pragma once

#include <deque>
#include <memory>
#include <string>

#include "common/loop.hpp"
#include "common/trace.hpp"
#include "generators/requests.hpp"

namespace coop::lab01 {

class MiniDriver {
  public:
    // Records start, resume and end events into `trace`.
    MiniDriver(Loop& loop, Trace& trace) : loop_(loop), trace_(trace) {}
    MiniDriver(const MiniDriver&) = delete;
    MiniDriver& operator=(const MiniDriver&) = delete;

    // The task's first step goes to the back of the ready queue.
    void spawn(std::string name, generators::AnyTaskGenerator body);

  private:
    struct Task {
        std::string name;
        generators::AnyTaskGenerator body;
        bool started = false;
    };

    // The loop gives control back to a waiting task.
    void resume(Task& task);
    // Resumes the generator and carries out what it yields, until a request
    // makes it wait or it ends.
    void drive(Task& task);
    // True when the task can go on at once, false when it must wait.
    bool carry_out(Task& task, generators::Request request);
    // The request SleepFor: generators_sleep.cpp.
    bool sleep(Task& task, const generators::SleepFor& request);

    Loop& loop_;
    Trace& trace_;
    std::deque<std::unique_ptr<Task>> tasks_;  // stable addresses for the loop's callbacks
};

}  // namespace coop::lab01
