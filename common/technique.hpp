// The one interface every technique provides.
//
// A technique is a way to write a task that suspends and resumes on the
// shared Loop. What it must offer is the list of operations below; how a task
// in that technique expresses them is the whole point of the module:
//
//   operation       callbacks         generators          coroutines         fibers
//   ---------       ---------         ----------          ----------         ------
//   spawn(t)        runtime.spawn     runtime.spawn       runtime.spawn      runtime.spawn
//   sleep(d)        call_later(cont)  co_yield SleepFor   co_await sleep(d)  fibers::sleep(d)
//   yield           call_soon(cont)   co_yield Yield      co_await yield()   fibers::yield()
//   busy(d)         loop.busy         loop.busy           loop.busy          loop.busy
//   join(t)         continuation      co_yield Join       co_await join(t)   fibers::join(t)
//   cancel(t)       runtime.cancel    runtime.cancel      runtime.cancel     runtime.cancel
//   send/recv       continuation      co_yield Send/Recv  co_await ch.send   ch.send (blocks)
//   wait for fd     continuation      co_yield WaitFd     co_await readable  fibers::wait_readable
//
// The shared suite cannot call "sleep" in four idioms, so it hands each
// technique a Scenario (the operations above as data) and compares the traces.
// Each technique's interpreter turns the operations into its own kind of task:
// that interpreter is where the technique is exercised.
#pragma once

#include <concepts>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/loop.hpp"
#include "common/scenario.hpp"
#include "common/task_table.hpp"
#include "common/trace.hpp"

namespace coop {

enum class Outcome {
    AllEnded,  // every spawned task ended (end, fail or cancelled)
    Stalled,   // the loop ran out of work while tasks still waited: trace ends with `stalled`
    Stopped,   // someone called loop.stop(); tasks were abandoned and released
};

// Exit status of `coop run` for an outcome: 0, 3 (stalled), 1 (stopped).
int exit_status(Outcome outcome);

// fail(text) in a scenario: the exception an interpreter throws to leave
// the task. The runtime records it as the task's failure and every joiner
// hears of it. (Callbacks cannot throw across a suspension: there it is a
// Wakeup, data passed to the continuation.)
class TaskFailed : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The frame of every Technique::run, the same in all four: calls
// `spawn(i)` for each task of the scenario that starts by itself (i is its
// place in scenario.tasks), in file order; runs the loop until nothing is
// left or loop.stop() is called; then concludes (below).
Outcome run_scenario_tasks(const Scenario& scenario, Loop& loop, Trace& trace,
                           const TaskTable& tasks, const std::function<void(std::size_t)>& spawn);

// The end of every run, after loop.run() has returned (a good breakpoint for
// looking at the tasks as the run left them: `up 2` is the interpreter).
// Work left in the loop means someone stopped it; otherwise the tasks that
// `tasks` holds unfinished wait for something that will never come, and the
// trace ends with `stalled` (in spawn order). Empties the loop either way.
Outcome conclude_run(Loop& loop, Trace& trace, const TaskTable& tasks);

// What a technique provides, as a C++20 concept.
//
//   T::name   the name used by `coop run --technique` and in test names.
//   T::run    runs `scenario` on `loop`, recording into `trace`:
//             - spawns every task that starts by itself, in file order, then
//               runs the loop until nothing is left or loop.stop() is called;
//             - if tasks still wait when nothing is left, records `stalled`
//               (waiting tasks in spawn order) and returns Outcome::Stalled;
//             - supports every OpKind, including WaitReadable/WaitWritable;
//             - returns with every task released (frames, stacks, closures:
//               destructors run) and nothing of this run left in the loop.
//             The loop may already hold callbacks of the caller's (a test that
//             writes to a socket at t = 5, say); run leaves those alone until
//             it clears the loop at the end.
template <class T>
concept Technique = requires(const Scenario& scenario, Loop& loop, Trace& trace) {
    { T::name } -> std::convertible_to<std::string_view>;
    { T::run(scenario, loop, trace) } -> std::same_as<Outcome>;
};

}  // namespace coop
