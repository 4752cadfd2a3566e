#include "labs/04-timeout/programs.hpp"

#include <memory>
#include <stdexcept>

#include "callbacks/runtime.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"
#include "generators/runtime.hpp"
#include "labs/04-timeout/timeout.hpp"
#include "tests/support.hpp"

namespace coop::lab04 {

namespace {

// Someone else than the alarm cancels the work: the task that the timeout
// spawned under the name "work", found among the runtime's tasks.
void cancel_the_work(TaskTable& rt) {
    for (const TaskCore* task : rt.unfinished_tasks()) {
        if (task->name() == "work") {
            // The record is the runtime's own, and not const there:
            // unfinished_tasks only lists the records, for reading.
            rt.cancel(const_cast<TaskCore&>(*task));
            return;
        }
    }
}

// The timers that cancel the caller or the work, as the case says.
void schedule_cancels(const Case& c, TaskTable& rt, TaskCore& caller) {
    if (c.cancel_caller_at >= Duration::zero()) {
        rt.loop().call_later(c.cancel_caller_at, [&rt, &caller] { rt.cancel(caller); });
    }
    if (c.cancel_work_at >= Duration::zero()) {
        rt.loop().call_later(c.cancel_work_at, [&rt] { cancel_the_work(rt); });
    }
}

// When the caller went on after a wait: its resume events.
std::vector<Time> resumes_of_the_caller(const Trace& trace) {
    std::vector<Time> at;
    for (const Event& e : trace.events()) {
        if (e.kind == EventKind::Resume && e.task == "caller") {
            at.push_back(std::chrono::milliseconds(e.t_ms));
        }
    }
    return at;
}

// --- callbacks -------------------------------------------------------------

// The work's two steps: it sleeps, then ends with 42 in *value or fails.
// Both continuations own `held`, so it is released when the last of them is
// destroyed: when the work ends or is cancelled.
callbacks::Continuation callbacks_work(callbacks::Runtime& rt, callbacks::TaskRecord& work,
                                       const Case& c, std::shared_ptr<std::int64_t> value,
                                       std::shared_ptr<test::Guard> held) {
    return [&rt, &work, &c, value, held](const callbacks::Wakeup& w) {
        if (w.kind == callbacks::Wakeup::Cancelled) {
            rt.finish(work, coop::Ending::Cancelled);
            return;
        }
        rt.sleep(work, c.work_takes, [&rt, &work, &c, value, held](const callbacks::Wakeup& w2) {
            if (w2.kind == callbacks::Wakeup::Cancelled) {
                rt.finish(work, coop::Ending::Cancelled);
            } else if (c.work_fails) {
                rt.finish(work, coop::Ending::Failed, "boom");
            } else {
                *value = 42;
                rt.finish(work, coop::Ending::Ended);
            }
        });
    };
}

std::string describe(const TimeoutOutcome& outcome, std::int64_t value) {
    switch (outcome.kind) {
        case TimeoutOutcome::Finished:
            return std::to_string(value);
        case TimeoutOutcome::TimedOut:
            return "timed out";
        case TimeoutOutcome::Failed:
            return "failed: " + outcome.failure;
        case TimeoutOutcome::Cancelled:
            break;
    }
    return "cancelled";
}

Seen callbacks_run(const Case& c) {
    Seen seen;
    Loop loop;
    Trace trace;
    {
        callbacks::Runtime rt(loop, &trace);
        callbacks::TaskHandle caller = rt.create_task("caller");
        callbacks::TaskHandle work = rt.create_task("work");
        auto value = std::make_shared<std::int64_t>(0);
        rt.spawn(caller, [&](const callbacks::Wakeup&) {
            callbacks::Continuation first_step =
                callbacks_work(rt, work, c, value, std::make_shared<test::Guard>(&seen.released));
            callbacks_timeout(rt, caller, c.limit, work, std::move(first_step),
                              [&](const TimeoutOutcome& outcome) {
                                  seen.outcome = describe(outcome, *value);
                                  seen.at = loop.now();
                                  seen.released_when_heard = seen.released;
                                  rt.finish(caller, outcome.kind == TimeoutOutcome::Cancelled
                                                        ? coop::Ending::Cancelled
                                                        : coop::Ending::Ended);
                              });
        });
        schedule_cancels(c, rt, caller.record());
        loop.run();
        seen.end = loop.now();
    }
    seen.caller_resumed = resumes_of_the_caller(trace);
    return seen;
}

// --- generators ------------------------------------------------------------

Work generators_work(const Case& c, int* released) {
    test::Guard held(released);
    co_yield generators::SleepFor{c.work_takes};
    if (c.work_fails) {
        throw std::runtime_error("boom");
    }
    co_return 42;
}

generators::TaskGenerator generators_caller(generators::Runtime& rt, const Case& c, Seen* seen) {
    try {
        const generators::Reply r = co_yield generators::Delegate{
            generators_timeout(rt, c.limit, "work", generators_work(c, &seen->released))};
        seen->outcome = std::to_string(r.value);
    } catch (const TimedOut&) {
        seen->outcome = "timed out";
    } catch (const generators::JoinedTaskCancelled&) {
        seen->outcome = "cancelled";  // the work, by someone else
    } catch (const generators::Cancelled&) {
        seen->outcome = "cancelled";
        seen->at = rt.loop().now();
        seen->released_when_heard = seen->released;
        throw;
    } catch (const std::exception& e) {
        seen->outcome = std::string("failed: ") + e.what();
    }
    seen->at = rt.loop().now();
    seen->released_when_heard = seen->released;
}

Seen generators_run(const Case& c) {
    Seen seen;
    Loop loop;
    Trace trace;
    {
        generators::Runtime rt(loop, &trace);
        generators::TaskHandle caller = rt.create_task("caller");
        rt.spawn(caller, generators_caller(rt, c, &seen));
        schedule_cancels(c, rt, caller.record());
        loop.run();
        seen.end = loop.now();
    }
    seen.caller_resumed = resumes_of_the_caller(trace);
    return seen;
}

// --- coroutines ------------------------------------------------------------

coroutines::Task<std::int64_t> coroutines_work(const Case& c, int* released) {
    test::Guard held(released);
    co_await coroutines::sleep(c.work_takes);
    if (c.work_fails) {
        throw std::runtime_error("boom");
    }
    co_return 42;
}

coroutines::Task<void> coroutines_caller(const Case& c, Seen* seen) {
    Loop& loop = coroutines::Runtime::current().loop();
    try {
        const std::int64_t value =
            co_await coroutines_timeout(c.limit, "work", coroutines_work(c, &seen->released));
        seen->outcome = std::to_string(value);
    } catch (const TimedOut&) {
        seen->outcome = "timed out";
    } catch (const coroutines::JoinedTaskCancelled&) {
        seen->outcome = "cancelled";  // the work, by someone else
    } catch (const coroutines::Cancelled&) {
        seen->outcome = "cancelled";
        seen->at = loop.now();
        seen->released_when_heard = seen->released;
        throw;
    } catch (const std::exception& e) {
        seen->outcome = std::string("failed: ") + e.what();
    }
    seen->at = loop.now();
    seen->released_when_heard = seen->released;
}

Seen coroutines_run(const Case& c) {
    Seen seen;
    Loop loop;
    Trace trace;
    {
        coroutines::Runtime rt(loop, &trace);
        coroutines::TaskHandle caller = rt.spawn("caller", coroutines_caller(c, &seen));
        schedule_cancels(c, rt, caller.record());
        loop.run();
        seen.end = loop.now();
    }
    seen.caller_resumed = resumes_of_the_caller(trace);
    return seen;
}

// --- fibers ----------------------------------------------------------------

Seen fibers_run(const Case& c) {
    Seen seen;
    Loop loop;
    Trace trace;
    {
        fibers::Runtime rt(loop, &trace);
        fibers::TaskHandle caller = rt.spawn("caller", [&c, &seen, &loop] {
            try {
                const std::int64_t value = fibers_timeout(c.limit, "work", [&c, &seen] {
                    test::Guard held(&seen.released);
                    fibers::sleep(c.work_takes);
                    if (c.work_fails) {
                        throw std::runtime_error("boom");
                    }
                    return std::int64_t{42};
                });
                seen.outcome = std::to_string(value);
            } catch (const TimedOut&) {
                seen.outcome = "timed out";
            } catch (const fibers::JoinedTaskCancelled&) {
                seen.outcome = "cancelled";  // the work, by someone else
            } catch (const fibers::Cancelled&) {
                seen.outcome = "cancelled";
                seen.at = loop.now();
                seen.released_when_heard = seen.released;
                throw;
            } catch (const std::exception& e) {
                seen.outcome = std::string("failed: ") + e.what();
            }
            seen.at = loop.now();
            seen.released_when_heard = seen.released;
        });
        schedule_cancels(c, rt, caller.record());
        loop.run();
        seen.end = loop.now();
    }
    seen.caller_resumed = resumes_of_the_caller(trace);
    return seen;
}

}  // namespace

Technique callbacks_technique() {
    return {"callbacks", &callbacks_run};
}
Technique generators_technique() {
    return {"generators", &generators_run};
}
Technique coroutines_technique() {
    return {"coroutines", &coroutines_run};
}
Technique fibers_technique() {
    return {"fibers", &fibers_run};
}

}  // namespace coop::lab04
