// The state of a run at each step of its loop, as `coop step` shows it.
//
// A StepRecorder watches a loop (common/loop_observer.hpp) and takes a
// StepFrame each time the loop does something: polls I/O, moves due timers
// to the ready queue, runs a task, runs out of work. Everything in a frame is
// read from the loop and the task table that really ran, not worked out from
// the rules: the ready queue and the timers from the loop, what each task
// waits on from its record (waiting_for, joined), where it is from the
// operation its interpreter last began (TaskCore::current_op). So every
// technique, run through the recorder, must give the same frames.
//
// Frames are data, not text: cli/step_command.cpp draws them in a terminal,
// and a page of the schedule can draw the same frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/loop.hpp"
#include "common/loop_observer.hpp"
#include "common/scenario.hpp"
#include "common/task_core.hpp"
#include "common/trace.hpp"

namespace coop {

struct StepFrame {
    std::size_t number = 0;  // 1 for the first step of the run
    LoopStep step = LoopStep::Runs;
    std::uint64_t iteration = 0;
    std::int64_t t_ms = 0;
    // Runs: the task the loop is about to run, and where it goes on.
    std::string running;
    std::string running_at;
    // The ready queue in the order the loop will run it: what runs in this
    // iteration (the rest of its batch), then what waits for the next.
    std::vector<std::string> ready_now;
    std::vector<std::string> ready_next;
    struct Timer {
        std::int64_t due_ms;
        std::uint64_t seq;  // the tie-breaker of equal deadlines
        std::string task;
        bool operator==(const Timer&) const = default;
    };
    std::vector<Timer> timers;  // in the order they fire
    // The tasks that wait outside the ready queue and the timers, in spawn order.
    struct Waiting {
        std::string task;
        std::string on;  // recv "jobs", send "jobs", join "b", readable fd 5
        std::string at;  // where it waits: op 2.1 (recv "jobs")
        bool operator==(const Waiting&) const = default;
    };
    std::vector<Waiting> waiting;
    std::size_t trace_events = 0;  // how many events the trace held at this step

    bool operator==(const StepFrame&) const = default;
};

// What a frame's step is called: "new iteration", "I/O polled", "timers due",
// "run", "out of work".
std::string_view step_name(LoopStep step);

// "op 2.1 (recv "jobs")": an operation of the scenario by its place in its
// task's list (1-based; a repeat's body adds a level), and what it does.
std::string describe_op_place(const Scenario& scenario, const Op* op,
                              const std::map<const Op*, std::string>& places);

class StepRecorder final : public LoopObserver {
  public:
    // Watches `loop` from now until it is destroyed, keeping at most
    // `max_frames` frames: at the next step after that it stops the loop
    // (loop.stop(): the run ends as Stopped), so that a run of millions of
    // steps cannot fill the memory.
    StepRecorder(Loop& loop, const Scenario& scenario, const Trace& trace, std::size_t max_frames);
    ~StepRecorder();
    StepRecorder(const StepRecorder&) = delete;
    StepRecorder& operator=(const StepRecorder&) = delete;

    const std::vector<StepFrame>& frames() const { return frames_; }
    // The run went on past the last frame kept (and was stopped there).
    bool cut_short() const { return cut_short_; }

    void loop_step(const Loop& loop, LoopStep step) override;
    void tasks_appear(const TaskTable& tasks) override;
    void tasks_disappear(const TaskTable& tasks) override;

  private:
    std::string task_name(const Runnable* r) const;
    std::string place_of(const TaskCore& task) const;

    Loop& loop_;
    const Scenario& scenario_;
    const Trace& trace_;
    std::size_t max_frames_;
    const TaskTable* tasks_ = nullptr;
    std::map<const Op*, std::string> places_;  // "2.1" for each operation of the scenario
    std::vector<StepFrame> frames_;
    bool cut_short_ = false;
};

}  // namespace coop
