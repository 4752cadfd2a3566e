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
    {
        callbacks::Runtime rt(loop);
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
        if (c.cancel_caller_at >= Duration::zero()) {
            loop.call_later(c.cancel_caller_at, [&rt, &caller] { rt.cancel(caller); });
        }
        loop.run();
        seen.end = loop.now();
    }
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
    {
        generators::Runtime rt(loop);
        generators::TaskHandle caller = rt.create_task("caller");
        rt.spawn(caller, generators_caller(rt, c, &seen));
        if (c.cancel_caller_at >= Duration::zero()) {
            loop.call_later(c.cancel_caller_at, [&rt, &caller] { rt.cancel(caller); });
        }
        loop.run();
        seen.end = loop.now();
    }
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
    {
        coroutines::Runtime rt(loop);
        coroutines::TaskHandle caller = rt.spawn("caller", coroutines_caller(c, &seen));
        if (c.cancel_caller_at >= Duration::zero()) {
            loop.call_later(c.cancel_caller_at, [&rt, caller] { rt.cancel(caller); });
        }
        loop.run();
        seen.end = loop.now();
    }
    return seen;
}

// --- fibers ----------------------------------------------------------------

Seen fibers_run(const Case& c) {
    Seen seen;
    Loop loop;
    {
        fibers::Runtime rt(loop);
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
        if (c.cancel_caller_at >= Duration::zero()) {
            loop.call_later(c.cancel_caller_at, [&rt, caller] { rt.cancel(caller); });
        }
        loop.run();
        seen.end = loop.now();
    }
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
