// The scenario interpreter of the callbacks technique: an explicit state
// machine.
//
// In the other techniques the interpreter is a plain loop over the operations,
// and `for`, `repeat` and the current index live on a stack that survives each
// suspension (a coroutine frame, a generator, a fiber's own stack). Here the
// stack is gone every time the task waits, so where the task is must be
// written down by hand: `ScenarioTask::frames` is the stack, rebuilt as data.
// Every suspending operation passes a continuation that re-enters run_ops(),
// which picks up from those frames.
#include "callbacks/interpreter.hpp"

#include <cassert>
#include <memory>
#include <vector>

#include "callbacks/channel.hpp"
#include "callbacks/runtime.hpp"

namespace coop::callbacks {

namespace {

class ScenarioRun {
  public:
    ScenarioRun(const Scenario& scenario, Loop& loop, Trace& trace)
        : scenario_(scenario), loop_(loop), trace_(trace), runtime_(loop, &trace) {
        for (const ChannelSpec& spec : scenario.channels) {
            channels_.push_back(std::make_unique<Channel>(runtime_, spec.capacity, spec.name));
        }
        for (const TaskSpec& spec : scenario.tasks) {
            tasks_.push_back(std::make_unique<ScenarioTask>(
                ScenarioTask{runtime_.create_task(spec.name), &spec, {}}));
        }
    }

    Outcome run() {
        return run_scenario_tasks(scenario_, loop_, trace_, runtime_,
                                  [this](std::size_t i) { spawn(*tasks_[i]); });
    }

  private:
    // One level of the task's hand-made stack: which list of operations it is
    // in, the next one to run, and how many more times a repeat goes round.
    struct Frame {
        const std::vector<Op>* ops;
        std::size_t next;
        std::int64_t repeats_left;
    };

    // Everything a task needs to go on after a suspension. In a coroutine or
    // a fiber these would be local variables; here they are fields.
    struct ScenarioTask {
        TaskHandle task;
        const TaskSpec* spec;
        std::vector<Frame> frames;
    };

    // The continuations. Each is a small closure (this + the task), which
    // std::function stores without allocating. They are returned as lambdas,
    // not Continuations: the suspension point builds each in the task, in
    // place.
    auto after_suspension(ScenarioTask& st) {
        return [this, s = &st](const Wakeup& w) { go_on(*s, w); };
    }
    auto after_join(ScenarioTask& st) {
        return [this, s = &st](const Wakeup& w) { go_on_after_join(*s, w); };
    }
    auto after_recv(ScenarioTask& st) {
        return [this, s = &st](const Wakeup& w) { go_on_after_recv(*s, w); };
    }

    void spawn(ScenarioTask& st) {
        st.frames.push_back(Frame{&st.spec->ops, 0, 0});
        runtime_.spawn(st.task, after_suspension(st));
    }

    void go_on(ScenarioTask& st, const Wakeup& w) {
        if (w.kind == Wakeup::Cancelled) {
            end_cancelled(st);
            return;
        }
        run_ops(st);
    }

    void go_on_after_join(ScenarioTask& st, const Wakeup& w) {
        if (w.kind == Wakeup::Cancelled) {
            end_cancelled(st);
            return;
        }
        if (w.kind == Wakeup::JoinedTaskFailed) {
            end_failed(st, w.failure);
        } else if (w.kind == Wakeup::JoinedTaskCancelled) {
            end_cancelled(st);
        } else {
            run_ops(st);
        }
    }

    void go_on_after_recv(ScenarioTask& st, const Wakeup& w) {
        if (w.kind == Wakeup::Cancelled) {
            end_cancelled(st);
            return;
        }
        record_recv(st, *st.task.record().current_op, w.value);
        run_ops(st);
    }

    // Runs operations until one suspends (then it returns to the loop) or
    // the task ends. Note that it never calls itself: every resumption starts
    // again from the loop, so the C++ stack stays flat.
    void run_ops(ScenarioTask& st) {
        TaskRecord& task = st.task.record();
        for (;;) {
            const Op* op = next_op(st);
            if (op == nullptr) {
                runtime_.finish(task, Ending::Ended);
                return;
            }
            task.current_op = op;
            switch (op->kind) {
                case OpKind::Sleep:
                    runtime_.sleep(task, op->duration, after_suspension(st));
                    return;
                case OpKind::WaitReadable:
                    runtime_.wait_readable(task, op->fd, after_suspension(st));
                    return;
                case OpKind::WaitWritable:
                    runtime_.wait_writable(task, op->fd, after_suspension(st));
                    return;
                case OpKind::Busy:
                    loop_.busy(op->duration);
                    break;
                case OpKind::Log:
                    trace_.log(loop_.now(), st.spec->name, op->text);
                    break;
                case OpKind::Spawn:
                    spawn(target(*op));
                    break;
                case OpKind::Cancel:
                    runtime_.cancel(target(*op).task);
                    break;
                case OpKind::Join: {
                    TaskRecord& joined = target(*op).task.record();
                    if (runtime_.join(task, joined, after_join(st))) {
                        return;
                    }
                    // Already finished: no suspension, its ending is ours now.
                    const Wakeup outcome = Runtime::outcome_of_join(joined);
                    if (outcome.kind == Wakeup::JoinedTaskFailed) {
                        end_failed(st, outcome.failure);
                        return;
                    }
                    if (outcome.kind == Wakeup::JoinedTaskCancelled) {
                        end_cancelled(st);
                        return;
                    }
                    break;
                }
                case OpKind::Send:
                    if (!channel(*op).send(task, op->value, after_suspension(st))) {
                        return;
                    }
                    break;
                case OpKind::Recv: {
                    const auto value = channel(*op).recv(task, after_recv(st));
                    if (!value) {
                        return;
                    }
                    record_recv(st, *op, *value);
                    break;
                }
                case OpKind::Fail:
                    end_failed(st, op->text);
                    return;
                case OpKind::Repeat:
                    assert(!"next_op never returns a repeat");
                    return;
            }
        }
    }

    // The next operation to run, walking the hand-made stack: entering a
    // repeat pushes a frame, finishing a round rewinds it, finishing the last
    // round pops it.
    static const Op* next_op(ScenarioTask& st) {
        while (!st.frames.empty()) {
            Frame& frame = st.frames.back();
            if (frame.next < frame.ops->size()) {
                const Op& op = (*frame.ops)[frame.next++];
                if (op.kind != OpKind::Repeat) {
                    return &op;
                }
                if (op.count > 0 && !op.body.empty()) {
                    st.frames.push_back(Frame{&op.body, 0, op.count - 1});
                }
                continue;
            }
            if (frame.repeats_left > 0) {
                --frame.repeats_left;
                frame.next = 0;
                continue;
            }
            st.frames.pop_back();
        }
        return nullptr;
    }

    void end_cancelled(ScenarioTask& st) {
        st.frames.clear();
        runtime_.finish(st.task.record(), Ending::Cancelled);
    }

    void end_failed(ScenarioTask& st, const std::string& text) {
        st.frames.clear();
        runtime_.finish(st.task.record(), Ending::Failed, text);
    }

    void record_recv(ScenarioTask& st, const Op& op, std::int64_t value) {
        trace_.recv(loop_.now(), st.spec->name,
                    scenario_.channels[static_cast<std::size_t>(op.channel)].name, value);
    }

    ScenarioTask& target(const Op& op) { return *tasks_[static_cast<std::size_t>(op.task)]; }
    Channel& channel(const Op& op) { return *channels_[static_cast<std::size_t>(op.channel)]; }

    const Scenario& scenario_;
    Loop& loop_;
    Trace& trace_;
    Runtime runtime_;
    std::vector<std::unique_ptr<Channel>> channels_;
    std::vector<std::unique_ptr<ScenarioTask>> tasks_;
};

}  // namespace

Outcome Technique::run(const Scenario& scenario, Loop& loop, Trace& trace) {
    ScenarioRun run(scenario, loop, trace);
    return run.run();
}

}  // namespace coop::callbacks
