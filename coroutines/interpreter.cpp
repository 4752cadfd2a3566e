// The scenario interpreter of the coroutines technique. run_ops() is an
// ordinary-looking loop over the operations; every `co_await` in it may give
// control back to the loop, and the loop variable, the current operation and
// the nesting of repeats all wait in coroutine frames until it comes back.
//
// The runtime records start, resume, end, fail and cancelled; the interpreter
// records only what the operations say (log, recv).
#include "coroutines/interpreter.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include "coroutines/channel.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"

namespace coop::coroutines {

namespace {

class ScenarioRun {
  public:
    ScenarioRun(const Scenario& scenario, Loop& loop, Trace& trace)
        : scenario_(scenario), loop_(loop), trace_(trace), runtime_(loop, &trace) {
        for (const ChannelSpec& spec : scenario.channels) {
            channels_.push_back(std::make_unique<Channel<std::int64_t>>(spec.capacity, spec.name));
        }
        for (const TaskSpec& spec : scenario.tasks) {
            handles_.push_back(runtime_.create_task(spec.name));
        }
    }

    Outcome run() {
        return run_scenario_tasks(scenario_, loop_, trace_, runtime_,
                                  [this](std::size_t i) { spawn(static_cast<int>(i)); });
    }

  private:
    void spawn(int index) {
        const TaskSpec* spec = &scenario_.tasks[static_cast<std::size_t>(index)];
        const TaskHandle& task = handles_[static_cast<std::size_t>(index)];
        runtime_.spawn(task, run_ops(&task.record(), spec, &spec->ops));
    }

    // A list of operations being run: the task's own, or a repeat's body
    // with the passes still to run.
    struct Body {
        const std::vector<Op>* ops;
        std::size_t next = 0;
        std::int64_t passes_left = 1;
    };

    // Parameters are pointers taken by value: a coroutine outlives the call
    // that created it, so it must not hold references to temporaries.
    //
    // NOTE: a repeat runs its passes in this same frame, from a stack of the
    // bodies it is inside, not as a nested `co_await run_ops(body)` per pass.
    // A pass that never suspends would resume this frame from inside the
    // child's final_suspend: symmetric transfer, which g++ makes a tail call
    // only at -O2 without ASan. At -O0 every such pass left frames on the C++
    // stack, and a repeat of 100,000 logs overflowed it.
    Task<void> run_ops(TaskCore* record, const TaskSpec* task, const std::vector<Op>* ops) {
        std::vector<Body> bodies{Body{ops}};
        while (!bodies.empty()) {
            Body& body = bodies.back();
            if (body.next == body.ops->size()) {
                body.next = 0;
                if (--body.passes_left == 0) {
                    bodies.pop_back();
                }
                continue;
            }
            const Op& op = (*body.ops)[body.next++];
            record->current_op = &op;
            switch (op.kind) {
                case OpKind::Sleep:
                    co_await sleep(op.duration);
                    break;
                case OpKind::Busy:
                    busy(op.duration);
                    break;
                case OpKind::Log:
                    trace_.log(loop_.now(), task->name, op.text);
                    break;
                case OpKind::Spawn:
                    spawn(op.task);
                    break;
                case OpKind::Cancel:
                    runtime_.cancel(handle(op));
                    break;
                case OpKind::Join:
                    co_await join(handle(op));
                    break;
                case OpKind::Send:
                    co_await channel(op).send(op.value);
                    break;
                case OpKind::Recv: {
                    const std::int64_t value = co_await channel(op).recv();
                    trace_.recv(loop_.now(), task->name,
                                scenario_.channels[static_cast<std::size_t>(op.channel)].name,
                                value);
                    break;
                }
                case OpKind::Fail:
                    throw TaskFailed(op.text);
                case OpKind::Repeat:
                    if (!op.body.empty() && op.count > 0) {
                        bodies.push_back(Body{&op.body, 0, op.count});  // `body` is stale now
                    }
                    break;
                case OpKind::WaitReadable:
                    co_await readable(op.fd);
                    break;
                case OpKind::WaitWritable:
                    co_await writable(op.fd);
                    break;
            }
        }
    }

    const TaskHandle& handle(const Op& op) { return handles_[static_cast<std::size_t>(op.task)]; }
    Channel<std::int64_t>& channel(const Op& op) {
        return *channels_[static_cast<std::size_t>(op.channel)];
    }

    const Scenario& scenario_;
    Loop& loop_;
    Trace& trace_;
    std::vector<std::unique_ptr<Channel<std::int64_t>>> channels_;
    Runtime runtime_;  // after the channels: suspended frames are destroyed first
    std::vector<TaskHandle> handles_;
};

}  // namespace

Outcome Technique::run(const Scenario& scenario, Loop& loop, Trace& trace) {
    ScenarioRun run(scenario, loop, trace);
    return run.run();
}

}  // namespace coop::coroutines
