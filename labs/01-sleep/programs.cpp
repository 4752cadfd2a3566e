#include "labs/01-sleep/programs.hpp"

#include <chrono>
#include <memory>
#include <vector>

#include "callbacks/runtime.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"
#include "labs/01-sleep/mini_driver.hpp"
#include "labs/01-sleep/sleep.hpp"
#include "tests/support.hpp"

namespace coop::lab01 {

using namespace std::chrono_literals;

namespace {

// --- callbacks: the rest of the task is always a continuation -------------

// One table: the move counter outlives each sleep, so it is a field.
class CallbacksTable {
  public:
    CallbacksTable(callbacks::Runtime& rt, callbacks::TaskRecord& task, const chess::Exhibition& e)
        : rt_(rt), task_(task), e_(e) {}

    void play_next_move(const callbacks::Wakeup& wakeup) {
        if (wakeup.kind == callbacks::Wakeup::Cancelled) {
            rt_.finish(task_, coop::Ending::Cancelled);
            return;
        }
        if (moves_played_ == e_.move_pairs) {
            rt_.finish(task_, coop::Ending::Ended);
            return;
        }
        rt_.loop().busy(e_.master_move);
        ++moves_played_;
        callbacks_sleep(rt_, task_, e_.opponent_move,
                        [this](const callbacks::Wakeup& w) { play_next_move(w); });
    }

  private:
    callbacks::Runtime& rt_;
    callbacks::TaskRecord& task_;
    const chess::Exhibition& e_;
    int moves_played_ = 0;
};

void callbacks_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace) {
    callbacks::Runtime rt(loop, &trace);
    std::vector<std::unique_ptr<CallbacksTable>> tables;
    for (int table = 0; table < e.tables; ++table) {
        callbacks::TaskHandle task = rt.create_task(chess::table_name(table));
        tables.push_back(std::make_unique<CallbacksTable>(rt, task.record(), e));
        rt.spawn(task,
                 [t = tables.back().get()](const callbacks::Wakeup& w) { t->play_next_move(w); });
    }
    loop.run();
}

void callbacks_take_turns(Loop& loop, Trace& trace) {
    callbacks::Runtime rt(loop, &trace);
    for (const char* name : {"a", "b"}) {
        callbacks::TaskHandle handle = rt.create_task(name);
        rt.spawn(handle, [&rt, &task = handle.record()](const callbacks::Wakeup&) {
            callbacks_sleep(rt, task, 0s, [&rt, &task](const callbacks::Wakeup&) {
                callbacks_sleep(rt, task, 0s, [&rt, &task](const callbacks::Wakeup&) {
                    rt.finish(task, coop::Ending::Ended);
                });
            });
        });
    }
    loop.run();
}

void callbacks_sleeps_once(Loop& loop, Trace& trace) {
    callbacks::Runtime rt(loop, &trace);
    callbacks::TaskHandle handle = rt.create_task("sleeper");
    rt.spawn(handle, [&rt, &sleeper = handle.record()](const callbacks::Wakeup&) {
        callbacks_sleep(rt, sleeper, 5s, [&rt, &sleeper](const callbacks::Wakeup&) {
            rt.finish(sleeper, coop::Ending::Ended);
        });
    });
    loop.run();
}

void callbacks_cancelled_sleep(Loop& loop, Trace& trace, int* released) {
    callbacks::Runtime rt(loop, &trace);
    callbacks::TaskHandle handle = rt.create_task("sleeper");
    callbacks::TaskRecord& sleeper = handle.record();
    rt.spawn(handle, [&rt, &sleeper,
                      held = std::make_shared<test::Guard>(released)](const callbacks::Wakeup&) {
        callbacks_sleep(rt, sleeper, 100s, [&rt, &sleeper, held](const callbacks::Wakeup& w) {
            rt.finish(sleeper, w.kind == callbacks::Wakeup::Cancelled ? coop::Ending::Cancelled
                                                                      : coop::Ending::Ended);
        });
    });
    loop.call_later(10s, [&rt, handle] { rt.cancel(handle); });
    loop.run();
}

// --- generators, on the mini driver ---------------------------------------

generators::TaskGenerator generators_table(chess::Exhibition e) {
    for (int move = 0; move < e.move_pairs; ++move) {
        co_yield generators::BusyFor{e.master_move};
        co_yield generators::SleepFor{e.opponent_move};
    }
}

void generators_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace) {
    MiniDriver driver(loop, trace);
    for (int table = 0; table < e.tables; ++table) {
        driver.spawn(chess::table_name(table), generators_table(e));
    }
    loop.run();
}

generators::TaskGenerator generators_turns() {
    co_yield generators::SleepFor{0s};
    co_yield generators::SleepFor{0s};
}

void generators_take_turns(Loop& loop, Trace& trace) {
    MiniDriver driver(loop, trace);
    driver.spawn("a", generators_turns());
    driver.spawn("b", generators_turns());
    loop.run();
}

// --- coroutines ------------------------------------------------------------

coroutines::Task<void> coroutines_table(chess::Exhibition e) {
    for (int move = 0; move < e.move_pairs; ++move) {
        coroutines::busy(e.master_move);
        co_await coroutines_sleep(e.opponent_move);
    }
}

void coroutines_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace) {
    coroutines::Runtime rt(loop, &trace);
    for (int table = 0; table < e.tables; ++table) {
        rt.spawn(chess::table_name(table), coroutines_table(e));
    }
    loop.run();
}

coroutines::Task<void> coroutines_turns() {
    co_await coroutines_sleep(0s);
    co_await coroutines_sleep(0s);
}

void coroutines_take_turns(Loop& loop, Trace& trace) {
    coroutines::Runtime rt(loop, &trace);
    rt.spawn("a", coroutines_turns());
    rt.spawn("b", coroutines_turns());
    loop.run();
}

coroutines::Task<void> coroutines_sleep_once() {
    co_await coroutines_sleep(5s);
}

void coroutines_sleeps_once(Loop& loop, Trace& trace) {
    coroutines::Runtime rt(loop, &trace);
    rt.spawn("sleeper", coroutines_sleep_once());
    loop.run();
}

coroutines::Task<void> coroutines_hold_and_sleep(int* released) {
    test::Guard held(released);
    co_await coroutines_sleep(100s);
}

void coroutines_cancelled_sleep(Loop& loop, Trace& trace, int* released) {
    coroutines::Runtime rt(loop, &trace);
    coroutines::TaskHandle sleeper = rt.spawn("sleeper", coroutines_hold_and_sleep(released));
    loop.call_later(10s, [&rt, sleeper] { rt.cancel(sleeper); });
    loop.run();
}

// --- fibers ----------------------------------------------------------------

void fibers_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace) {
    fibers::Runtime rt(loop, &trace);
    for (int table = 0; table < e.tables; ++table) {
        rt.spawn(chess::table_name(table), [&e] {
            for (int move = 0; move < e.move_pairs; ++move) {
                fibers::busy(e.master_move);
                fibers_sleep(e.opponent_move);
            }
        });
    }
    loop.run();
}

void fibers_take_turns(Loop& loop, Trace& trace) {
    fibers::Runtime rt(loop, &trace);
    for (const char* name : {"a", "b"}) {
        rt.spawn(name, [] {
            fibers_sleep(0s);
            fibers_sleep(0s);
        });
    }
    loop.run();
}

void fibers_sleeps_once(Loop& loop, Trace& trace) {
    fibers::Runtime rt(loop, &trace);
    rt.spawn("sleeper", [] { fibers_sleep(5s); });
    loop.run();
}

void fibers_cancelled_sleep(Loop& loop, Trace& trace, int* released) {
    fibers::Runtime rt(loop, &trace);
    fibers::TaskHandle sleeper = rt.spawn("sleeper", [released] {
        test::Guard held(released);
        fibers_sleep(100s);
    });
    loop.call_later(10s, [&rt, sleeper] { rt.cancel(sleeper); });
    loop.run();
}

}  // namespace

Programs callbacks_programs() {
    return {"callbacks", &callbacks_exhibition, &callbacks_take_turns, &callbacks_sleeps_once,
            &callbacks_cancelled_sleep};
}

Programs generators_programs() {
    return {"generators", &generators_exhibition, &generators_take_turns, nullptr, nullptr};
}

Programs coroutines_programs() {
    return {"coroutines", &coroutines_exhibition, &coroutines_take_turns, &coroutines_sleeps_once,
            &coroutines_cancelled_sleep};
}

Programs fibers_programs() {
    return {"fibers", &fibers_exhibition, &fibers_take_turns, &fibers_sleeps_once,
            &fibers_cancelled_sleep};
}

}  // namespace coop::lab01
