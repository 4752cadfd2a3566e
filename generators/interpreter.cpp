// The scenario interpreter of the generators technique. run_ops() looks like
// the coroutines one, with `co_yield request` where that one has
// `co_await awaitable`: the difference is who acts. Here the task only asks;
// the driver (runtime.cpp) talks to the loop and sends the answer back in.
// A repeat delegates to a sub-generator (`yield from`), which the driver
// pushes on the task's explicit stack.
#include "generators/interpreter.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include "generators/channel.hpp"
#include "generators/runtime.hpp"

namespace coop::generators {

namespace {

class ScenarioRun {
  public:
    ScenarioRun(const Scenario& scenario, Loop& loop, Trace& trace)
        : scenario_(scenario), loop_(loop), trace_(trace), runtime_(loop, &trace) {
        for (const ChannelSpec& spec : scenario.channels) {
            channels_.push_back(std::make_unique<Channel>(spec.capacity, spec.name));
        }
        for (const TaskSpec& spec : scenario.tasks) {
            tasks_.push_back(runtime_.create_task(spec.name));
        }
    }

    Outcome run() {
        return run_scenario_tasks(scenario_, loop_, trace_, runtime_, [this](std::size_t i) {
            runtime_.spawn(tasks_[i], body(static_cast<int>(i)));
        });
    }

  private:
    AnyTaskGenerator body(int index) {
        const TaskSpec* spec = &scenario_.tasks[static_cast<std::size_t>(index)];
        return run_ops(&tasks_[static_cast<std::size_t>(index)].record(), spec, &spec->ops);
    }

    TaskGenerator run_ops(TaskCore* record, const TaskSpec* task, const std::vector<Op>* ops) {
        for (const Op& op : *ops) {
            record->current_op = &op;
            switch (op.kind) {
                case OpKind::Sleep:
                    co_yield SleepFor{op.duration};
                    break;
                case OpKind::Busy:
                    co_yield BusyFor{op.duration};
                    break;
                case OpKind::Log:
                    trace_.log(loop_.now(), task->name, op.text);
                    break;
                case OpKind::Spawn:
                    co_yield SpawnTask{target(op), body(op.task)};
                    break;
                case OpKind::Cancel:
                    co_yield CancelTask{target(op)};
                    break;
                case OpKind::Join:
                    co_yield JoinTask{target(op)};
                    break;
                case OpKind::Send:
                    co_yield SendTo{channel(op), op.value};
                    break;
                case OpKind::Recv: {
                    const Reply reply = co_yield ReceiveFrom{channel(op)};
                    trace_.recv(loop_.now(), task->name,
                                scenario_.channels[static_cast<std::size_t>(op.channel)].name,
                                reply.value);
                    break;
                }
                case OpKind::Fail:
                    throw TaskFailed(op.text);
                case OpKind::Repeat:
                    if (!op.body.empty()) {
                        for (std::int64_t i = 0; i < op.count; ++i) {
                            co_yield Delegate{run_ops(record, task, &op.body)};  // yield from
                        }
                    }
                    break;
                case OpKind::WaitReadable:
                    co_yield WaitFd{op.fd, Interest::Readable};
                    break;
                case OpKind::WaitWritable:
                    co_yield WaitFd{op.fd, Interest::Writable};
                    break;
            }
        }
    }

    TaskHandle target(const Op& op) { return tasks_[static_cast<std::size_t>(op.task)]; }
    Channel* channel(const Op& op) { return channels_[static_cast<std::size_t>(op.channel)].get(); }

    const Scenario& scenario_;
    Loop& loop_;
    Trace& trace_;
    Runtime runtime_;
    std::vector<std::unique_ptr<Channel>> channels_;
    std::vector<TaskHandle> tasks_;
};

}  // namespace

Outcome Technique::run(const Scenario& scenario, Loop& loop, Trace& trace) {
    ScenarioRun run(scenario, loop, trace);
    return run.run();
}

}  // namespace coop::generators
