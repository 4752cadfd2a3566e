// Lab 04: timeout(limit, work) in every technique. The work runs as a task
// of its own, named `name`. If it finishes within `limit`, the caller gets
// its result at once; if not, the work is cancelled (its destructors run)
// and the caller hears TimedOut when the limit is reached. Either way,
// nothing of the race (an alarm, the work) is left in the loop, and if the
// caller is cancelled while it waits, the work is cancelled with it.
//
//   technique    you write                                in
//   callbacks    callbacks_timeout                        callbacks_timeout.cpp
//   generators   generators_timeout, a generator          generators_timeout.cpp
//   coroutines   coroutines_timeout, a coroutine          coroutines_timeout.cpp
//   fibers       fibers_timeout, a plain function         fibers_timeout.cpp
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "callbacks/runtime.hpp"
#include "common/clock.hpp"
#include "coroutines/task.hpp"
#include "generators/runtime.hpp"

namespace coop::lab04 {

class TimedOut : public std::runtime_error {
  public:
    TimedOut() : std::runtime_error("timed out") {}
};

// --- callbacks ----------------------------------------------------------
// No exceptions cross a suspension: the caller's continuation hears how the
// race ended. The work's value reaches the caller through whatever the work
// captured.
struct TimeoutOutcome {
    enum Kind {
        Finished,   // the work ended in time
        TimedOut,   // the limit came first: the work was cancelled
        Failed,     // the work failed in time: `failure` is its text
        Cancelled,  // the caller, or the work, was cancelled by someone else
    };
    Kind kind = Finished;
    std::string failure;
};
using AfterTimeout = std::function<void(const TimeoutOutcome&)>;

// Spawns `work` (created by the caller, not spawned yet) with `first_step`
// and waits for it, at most `limit`; then `next` is called. The caller
// returns to the loop straight after this call.
void callbacks_timeout(callbacks::Runtime& rt, callbacks::TaskRecord& self, Duration limit,
                       const callbacks::TaskHandle& work, callbacks::Continuation first_step,
                       AfterTimeout next);

// --- generators ---------------------------------------------------------
// A generator with a result: `co_yield Delegate{...}` answers with it.
using Work = generators::Generator<generators::Request, generators::Reply, std::int64_t>;

// `Reply r = co_yield Delegate{generators_timeout(rt, limit, name, work())}`:
// r.value is the work's value; TimedOut, or the work's failure, is thrown
// in at that co_yield.
Work generators_timeout(generators::Runtime& rt, Duration limit, std::string name, Work work);

// --- coroutines ---------------------------------------------------------
// `co_await coroutines_timeout(limit, name, work())`: the work's value, or
// TimedOut, or the work's exception.
coroutines::Task<std::int64_t> coroutines_timeout(Duration limit, std::string name,
                                                  coroutines::Task<std::int64_t> work);

// --- fibers -------------------------------------------------------------
// Called from a fiber task: the work's value, or TimedOut, or the work's
// exception.
std::int64_t fibers_timeout(Duration limit, std::string name, std::function<std::int64_t()> work);

}  // namespace coop::lab04
