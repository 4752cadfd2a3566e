#include "common/step_frames.hpp"

#include <nlohmann/json.hpp>

#include "common/task_core.hpp"
#include "common/task_table.hpp"
#include "common/text.hpp"

namespace coop {

namespace {

// A name or a text of the scenario, quoted as in its file, and short enough
// for one line of a screen.
std::string quoted(const std::string& text) {
    return excerpt(nlohmann::json(text).dump(), 40);
}

void note_places(const std::vector<Op>& ops, const std::string& prefix,
                 std::map<const Op*, std::string>& places) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const std::string place = prefix + std::to_string(i + 1);
        places[&ops[i]] = place;
        note_places(ops[i].body, place + ".", places);
    }
}

std::string describe_op(const Scenario& scenario, const Op& op) {
    std::string s(op_name(op.kind));
    switch (op.kind) {
        case OpKind::Sleep:
        case OpKind::Busy:
            return s + " " + std::to_string(whole_ms(op.duration));
        case OpKind::Log:
        case OpKind::Fail:
            return s + " " + quoted(op.text);
        case OpKind::Spawn:
        case OpKind::Join:
        case OpKind::Cancel:
            return s + " " + quoted(scenario.tasks[static_cast<std::size_t>(op.task)].name);
        case OpKind::Send:
            return s + " " + quoted(scenario.channels[static_cast<std::size_t>(op.channel)].name) +
                   " " + std::to_string(op.value);
        case OpKind::Recv:
            return s + " " + quoted(scenario.channels[static_cast<std::size_t>(op.channel)].name);
        case OpKind::Repeat:
            return s + " " + std::to_string(op.count);
        case OpKind::WaitReadable:
        case OpKind::WaitWritable:
            return s + " fd " + std::to_string(op.fd);
    }
    return s;
}

}  // namespace

std::string_view step_name(LoopStep step) {
    switch (step) {
        case LoopStep::NewIteration:
            return "new iteration";
        case LoopStep::IoPolled:
            return "I/O polled";
        case LoopStep::TimersDue:
            return "timers due";
        case LoopStep::Runs:
            return "run";
        case LoopStep::OutOfWork:
            return "out of work";
    }
    return "?";
}

std::string describe_op_place(const Scenario& scenario, const Op* op,
                              const std::map<const Op*, std::string>& places) {
    const auto it = places.find(op);
    if (op == nullptr || it == places.end()) {
        return "";
    }
    return "op " + it->second + " (" + describe_op(scenario, *op) + ")";
}

StepRecorder::StepRecorder(Loop& loop, const Scenario& scenario, const Trace& trace,
                           std::size_t max_frames)
    : loop_(loop), scenario_(scenario), trace_(trace), max_frames_(max_frames) {
    for (const TaskSpec& task : scenario.tasks) {
        note_places(task.ops, "", places_);
    }
    loop_.observe(this);
}

StepRecorder::~StepRecorder() {
    loop_.observe(nullptr);
}

void StepRecorder::tasks_appear(const TaskTable& tasks) {
    tasks_ = &tasks;
}

void StepRecorder::tasks_disappear(const TaskTable& tasks) {
    if (tasks_ == &tasks) {
        tasks_ = nullptr;
    }
}

std::string StepRecorder::task_name(const Runnable* r) const {
    // Every technique puts its task records in the loop; anything else is
    // a callback of someone's.
    if (const auto* task = dynamic_cast<const TaskCore*>(r)) {
        return excerpt(task->name(), 40);
    }
    return "(callback)";
}

std::string StepRecorder::place_of(const TaskCore& task) const {
    return describe_op_place(scenario_, task.current_op, places_);
}

void StepRecorder::loop_step(const Loop& loop, LoopStep step) {
    if (frames_.size() >= max_frames_) {
        cut_short_ = true;
        loop_.stop();
        return;
    }
    StepFrame frame;
    frame.number = frames_.size() + 1;
    frame.step = step;
    frame.iteration = loop.iteration();
    frame.t_ms = whole_ms(loop.now());
    std::vector<const Runnable*> batch = loop.batch_in_order();
    if (step == LoopStep::Runs && !batch.empty()) {
        frame.running = task_name(batch.front());
        if (const auto* task = dynamic_cast<const TaskCore*>(batch.front())) {
            frame.running_at = task->state == TaskState::Scheduled ? "its start" : place_of(*task);
        }
        batch.erase(batch.begin());
    }
    for (const Runnable* r : batch) {
        frame.ready_now.push_back(task_name(r));
    }
    // Before step 4 the ready queue is this iteration's batch to be; during
    // it, what the batch schedules waits for the next iteration.
    std::vector<std::string>& queued = step == LoopStep::Runs ? frame.ready_next : frame.ready_now;
    for (const Runnable* r : loop.next_iteration_in_order()) {
        queued.push_back(task_name(r));
    }
    for (const Loop::TimerView& timer : loop.timers_in_order()) {
        frame.timers.push_back(
            StepFrame::Timer{whole_ms(timer.deadline), timer.seq, task_name(timer.runnable)});
    }
    if (tasks_ != nullptr) {
        const std::vector<Loop::WatcherView> watchers = loop.watchers_in_order();
        for (const TaskCore* task : tasks_->unfinished_tasks()) {
            if (task->state != TaskState::Waiting) {
                continue;
            }
            std::string on;
            switch (task->waiting_for) {
                case WaitingFor::Send:
                case WaitingFor::Recv:
                    // The channel is the one its operation names.
                    on = task->current_op != nullptr ? describe_op(scenario_, *task->current_op)
                                                     : std::string(wait_name(task->waiting_for));
                    break;
                case WaitingFor::Join:
                    on = "join " + quoted(task->joined->name());
                    break;
                case WaitingFor::Fd:
                    for (const Loop::WatcherView& w : watchers) {
                        if (w.id == task->watch) {
                            on = std::string(w.interest == Interest::Readable ? "readable"
                                                                              : "writable") +
                                 " fd " + std::to_string(w.fd);
                        }
                    }
                    break;
                default:
                    continue;  // a timer's or the ready queue's: shown there
            }
            frame.waiting.push_back(
                StepFrame::Waiting{excerpt(task->name(), 40), on, place_of(*task)});
        }
    }
    frame.trace_events = trace_.size();
    frames_.push_back(std::move(frame));
}

}  // namespace coop
