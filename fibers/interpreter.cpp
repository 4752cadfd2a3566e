// The scenario interpreter of the fibers technique: plain functions. run_ops
// calls itself for a repeat, and sleep/join/send/recv are ordinary calls that
// happen to switch stacks inside. No co_await, no continuation, no request:
// the C++ stack of the task is simply kept while it waits.
#include "fibers/interpreter.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include "fibers/channel.hpp"
#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"

namespace coop::fibers {

namespace {

class ScenarioRun {
  public:
    ScenarioRun(const Scenario& scenario, Loop& loop, Trace& trace, Backend backend)
        : scenario_(scenario),
          loop_(loop),
          trace_(trace),
          backend_(backend),
          runtime_(loop, &trace) {
        for (const ChannelSpec& spec : scenario.channels) {
            channels_.push_back(std::make_unique<Channel>(spec.capacity, spec.name));
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
        runtime_.spawn(
            task, [this, spec, record = &task.record()] { run_ops(*record, *spec, spec->ops); },
            backend_);
    }

    void run_ops(TaskCore& record, const TaskSpec& task, const std::vector<Op>& ops) {
        for (const Op& op : ops) {
            record.current_op = &op;
            switch (op.kind) {
                case OpKind::Sleep:
                    sleep(op.duration);
                    break;
                case OpKind::Busy:
                    busy(op.duration);
                    break;
                case OpKind::Log:
                    trace_.log(loop_.now(), task.name, op.text);
                    break;
                case OpKind::Spawn:
                    spawn(op.task);
                    break;
                case OpKind::Cancel:
                    runtime_.cancel(handle(op));
                    break;
                case OpKind::Join:
                    join(handle(op));
                    break;
                case OpKind::Send:
                    channel(op).send(op.value);
                    break;
                case OpKind::Recv: {
                    const std::int64_t value = channel(op).recv();
                    trace_.recv(loop_.now(), task.name,
                                scenario_.channels[static_cast<std::size_t>(op.channel)].name,
                                value);
                    break;
                }
                case OpKind::Fail:
                    throw TaskFailed(op.text);
                case OpKind::Repeat:
                    if (!op.body.empty()) {
                        for (std::int64_t i = 0; i < op.count; ++i) {
                            run_ops(record, task, op.body);  // a plain call; it may suspend inside
                        }
                    }
                    break;
                case OpKind::WaitReadable:
                    wait_readable(op.fd);
                    break;
                case OpKind::WaitWritable:
                    wait_writable(op.fd);
                    break;
            }
        }
    }

    const TaskHandle& handle(const Op& op) { return handles_[static_cast<std::size_t>(op.task)]; }
    Channel& channel(const Op& op) { return *channels_[static_cast<std::size_t>(op.channel)]; }

    const Scenario& scenario_;
    Loop& loop_;
    Trace& trace_;
    Backend backend_;
    std::vector<std::unique_ptr<Channel>> channels_;
    Runtime runtime_;  // after the channels: suspended tasks unwind first
    std::vector<TaskHandle> handles_;
};

}  // namespace

Outcome Technique::run(const Scenario& scenario, Loop& loop, Trace& trace) {
    ScenarioRun run(scenario, loop, trace, Backend::Fiber);
    return run.run();
}

Outcome Coroutine2Technique::run(const Scenario& scenario, Loop& loop, Trace& trace) {
    ScenarioRun run(scenario, loop, trace, Backend::Coroutine2);
    return run.run();
}

}  // namespace coop::fibers
