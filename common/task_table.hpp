// The life of a task, written once for every technique: create, spawn, go
// on, suspend, be woken, be cancelled, finish, be reclaimed.
//
// Each technique's Runtime derives from TaskTable and adds only how its
// tasks suspend and resume (its Runtime::suspend and Runtime::resume). The
// loop still knows nothing of tasks: a task record is a Runnable, and the
// table puts it in the loop's ready queue, timers and watchers.
//
//   create_task ─▶ NotSpawned ─spawn─▶ Scheduled ─┐
//                                                 ▼ the loop runs the record:
//              ┌────────── Ready ◀── wake_soon ── Runtime::resume ─▶ going_on
//              │                                  │
//              └─▶ Runtime::resume ◀─ timer/fd ── Waiting ◀── suspending
//                                                 (Runtime::suspend)
//   finish ─▶ Done ─▶ reclaimed when no TaskHandle refers to it
//
// Records are pooled: a finished record goes on a free list and the next
// create_task takes it from there, so a long-running server allocates
// records only up to the most tasks it ever had at once.
#pragma once

#include <cassert>
#include <cstddef>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "common/loop.hpp"
#include "common/task_core.hpp"
#include "common/trace.hpp"

namespace coop {

class TaskTable {
  public:
    TaskTable(const TaskTable&) = delete;
    TaskTable& operator=(const TaskTable&) = delete;

    Loop& loop() { return loop_; }

    // Cancels `task` (docs/semantics.md, "Cancellation"): a waiting task
    // stops waiting and is woken to hear of it; a task already queued to go
    // on hears of it when it does; a finished task is left alone.
    void cancel(TaskCore& task);

    // The task has no more work. `error` is what escaped it (none: it
    // ended); Cancelled or JoinedTaskCancelled mean it was cancelled, any
    // other exception that it failed. Wakes its joiners in the order they
    // began to wait.
    void finish(TaskCore& task, std::exception_ptr error);

    // What a join of `target`, which is done, throws at the joiner: nothing
    // if it ended, its exception if it failed, JoinedTaskCancelled if it was
    // cancelled.
    static std::exception_ptr join_outcome(const TaskCore& target);

    // Where a task goes on after a suspension, in the techniques that throw:
    // throws what its runtime threw in (task.thrown_in), if anything.
    static void rethrow_thrown_in(TaskCore& task) {
        if (task.thrown_in) {
            std::rethrow_exception(std::exchange(task.thrown_in, nullptr));
        }
    }

    // `task` begins to wait for `target`, which is not done.
    static void wait_for_join(TaskCore& task, TaskCore& target) {
        task.joined = &target;
        target.joiners.push_back(task);
    }

    // The tasks spawned but not finished, in spawn order (the stall report).
    std::vector<const TaskCore*> unfinished_tasks() const;

    // Puts a waiting task in the ready queue: it goes on in its turn.
    void wake_soon(TaskCore& task) {
        assert(task.state == TaskState::Waiting);
        if (trace_ != nullptr && task.waiting_for != WaitingFor::Ready) {
            trace_->wake(loop_.now(), task.name());
        }
        task.state = TaskState::Ready;
        task.waiting_for = WaitingFor::Ready;
        loop_.call_soon(task);
    }

    // A record is reused once its task is done (or was never spawned) and no
    // handle refers to it. Called when the last handle goes, and by each
    // runtime when a task it ran has finished.
    void reclaim_if_unused(TaskCore& task) {
        if (task.handles == 0 &&
            (task.state == TaskState::Done || task.state == TaskState::NotSpawned)) {
            reclaim(task);
        }
    }

  protected:
    // With a trace, the runtime records every task's start, resume, end,
    // fail and cancelled events (and, if the trace asks for them, waits).
    // A loop's observer (coop step) is told of the table, to read its tasks.
    TaskTable(Loop& loop, Trace* trace) : loop_(loop), trace_(trace) {
        if (LoopObserver* observer = loop_.observer()) {
            observer->tasks_appear(*this);
        }
    }
    ~TaskTable() {
        if (LoopObserver* observer = loop_.observer()) {
            observer->tasks_disappear(*this);
        }
    }

    // A record for a new task: one from the free list, or a new one.
    TaskCore& create(std::string name);
    // Makes a new record of the technique's type. The technique keeps it
    // (in a std::deque, whose elements never move) until it is destroyed.
    virtual TaskCore& new_record() = 0;

    // The task's first step joins the ready queue.
    void spawned(TaskCore& task) {
        assert(task.state == TaskState::NotSpawned);
        task.state = TaskState::Scheduled;
        task.spawn_order = spawned_++;
        loop_.call_soon(task);
    }

    // Bookkeeping of Runtime::resume, before the task runs: it is running
    // now. If it is to hear of a cancellation, task.thrown_in holds
    // Cancelled, unless it was cancelled before it ever started: then it is
    // finished here, it never runs, and this returns false.
    bool going_on(TaskCore& task) {
        assert(task.state == TaskState::Scheduled || task.state == TaskState::Ready ||
               task.state == TaskState::Waiting);
        const bool first = task.state == TaskState::Scheduled;
        const bool cancel_due = task.cancel_requested && !task.completes_handoff;
        task.completes_handoff = false;
        task.state = TaskState::Running;
        task.waiting_for = WaitingFor::Nothing;
        if (cancel_due) {
            if (first) {
                finish(task, cancellation());
                return false;
            }
            task.thrown_in = cancellation();  // (it records only its ending)
        } else {
            record(task, first ? EventKind::Start : EventKind::Resume);
        }
        return true;
    }

    // Bookkeeping of Runtime::suspend: the task is to wait for `what`. False
    // when a cancellation is due at this suspension point instead (a cancel
    // came while it completed a channel hand-off, or it caught Cancelled and
    // went on): then task.thrown_in holds Cancelled, and the task must not
    // suspend. `until` is a sleep's deadline (for the trace's `wait` event).
    bool suspending(TaskCore& task, WaitingFor what, Time until = Time{-1}) {
        assert(task.state == TaskState::Running);
        if (task.cancel_requested) {
            task.thrown_in = cancellation();
            return false;
        }
        task.waiting_for = what;
        task.state = TaskState::Waiting;
        if (trace_ != nullptr) {
            trace_->wait(loop_.now(), task.name(), what, until);
        }
        return true;
    }

    // For a runtime's destructor: removes the timers and fd watchers that
    // its waiting tasks left in the loop.
    void remove_from_loop();

    Loop& loop_;
    Trace* trace_;

  private:
    // Tracing is off in most runs: the check is inline, the writing is not.
    void record(const TaskCore& task, EventKind kind) {
        if (trace_ != nullptr) {
            write_event(task, kind);
        }
    }
    void write_event(const TaskCore& task, EventKind kind);
    // Creating an exception is rare: out of line, to keep the paths above short.
    static std::exception_ptr cancellation();
    bool stop_waiting(TaskCore& task);
    void reclaim(TaskCore& task);

    TaskNames names_;
    std::vector<TaskCore*> records_;  // every record made, in use or free
    std::vector<TaskCore*> free_;     // records to reuse
    std::size_t spawned_ = 0;
};

}  // namespace coop
