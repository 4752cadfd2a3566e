// What every task record holds, whatever the technique: its name, where it
// is in its life, what it waits on, who waits for it, and how it ended.
//
// Each technique's record (callbacks/task.hpp, generators/task.hpp, ...)
// derives from TaskCore and adds only what that technique saves when a task
// suspends: a continuation, a stack of generators, a coroutine frame, a
// fiber's stack. The loop runs a record (it is a Runnable) when the task is
// to go on.
//
// The record is kept small, because a million suspended tasks hold a million
// of them; the devices are here, once, so that the technique files need not
// mention them:
// - the name is a pointer into the runtime's TaskNames (task_names.hpp);
// - the one-byte fields sit side by side, the two flags share one byte (bit
//   fields), and with the handle count they fill one machine word;
// - what the task waits on is a union, tagged by waiting_for (below);
// - the tasks waiting to join it are a queue linked through their own
//   records (JoinerQueue, below), so a join allocates nothing;
// - records are pooled: a finished record is reused for the next task
//   (common/task_table.hpp), and a TaskHandle keeps it from being reused
//   while anyone still refers to it (common/task_handle.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "common/loop.hpp"
#include "common/task_names.hpp"
#include "common/task_state.hpp"

namespace coop {

class ChannelBase;
class TaskTable;
struct Op;
class TaskCore;

// The tasks waiting for one task to finish, first come, first woken (a
// cancelled joiner leaves from wherever it is). The queue allocates nothing:
// it is linked through the joiners' own records (TaskCore::next_joiner), and
// the joined task keeps one pointer, to the newest joiner, whose
// next_joiner points back to the oldest (a ring). So joining at the back and
// waking from the front are one step each, and the record pays for one
// pointer, not for a std::vector (24 bytes, and a heap buffer once joined).
class JoinerQueue {
  public:
    bool empty() const { return newest_ == nullptr; }
    void push_back(TaskCore& joiner);
    // The oldest joiner leaves the queue. The queue is not empty.
    TaskCore& pop_front();
    // `joiner` leaves the queue, wherever it is in it.
    void remove(TaskCore& joiner);

  private:
    TaskCore* newest_ = nullptr;
};

class TaskCore : public Runnable {
  public:
    TaskCore(const TaskCore&) = delete;
    TaskCore& operator=(const TaskCore&) = delete;

    const std::string& name() const { return name_->first; }
    bool done() const { return state == TaskState::Done; }

    std::size_t spawn_order = 0;  // the stall report lists tasks in spawn order

    TaskState state = TaskState::NotSpawned;
    WaitingFor waiting_for = WaitingFor::Nothing;
    Ending ending = Ending::None;
    // cancel() was called. The task hears of it when it next goes on, or, if
    // a channel already moved its value (completes_handoff), at its next
    // suspension point.
    bool cancel_requested : 1 = false;
    // A channel operation of this task completed while it waited (its value
    // was taken, or a value was handed to it): it goes on and completes the
    // operation even if it is cancelled before it runs. A cancel after a
    // hand-off never loses the value.
    bool completes_handoff : 1 = false;
    std::uint32_t handles = 0;  // TaskHandles that refer to this record

    // What it waits on. A task waits on one thing at a time, so these share
    // their space (a union): waiting_for is the tag that says which one holds
    // a value, and reading another is a bug. Every member is trivial (an id
    // or a pointer), so the union needs no constructor or destructor and
    // writing one member simply replaces the other; being anonymous, they
    // read as task.timer, task.joined. (A std::variant would check each read,
    // but would keep a tag of its own beside waiting_for.)
    union {
        TimerId timer;               // WaitingFor::Timer
        WatchId watch;               // WaitingFor::Fd
        TaskCore* joined = nullptr;  // WaitingFor::Join
        ChannelBase* channel;        // WaitingFor::Send, Recv
    };

    // The scenario operation the task runs, or is suspended in (nullptr: it
    // has not begun one, or it is not a scenario's task). Each interpreter
    // sets it before it runs an operation, so that `coop step` can say where
    // every task is (common/step_frames.hpp).
    const Op* current_op = nullptr;

    JoinerQueue joiners;  // the tasks waiting for this one to finish
    // While this task waits to join another: the task queued after it in
    // that task's joiners (JoinerQueue links them through this member).
    TaskCore* next_joiner = nullptr;
    std::exception_ptr error;  // Ending::Failed: what it failed with
    // What the task is to hear when it goes on, at the point where it
    // suspended: Cancelled, or its joined task's failure or cancellation.
    // Each technique delivers it in its own way (a Wakeup, a throw into a
    // generator, a rethrow in await_resume or after a stack switch).
    std::exception_ptr thrown_in;

  protected:
    TaskCore() {}  // (not "= default": that would be deleted, for the union)
    ~TaskCore() = default;

  private:
    friend class TaskTable;
    TaskNames::Entry* name_ = nullptr;
};

inline void JoinerQueue::push_back(TaskCore& joiner) {
    if (newest_ == nullptr) {
        joiner.next_joiner = &joiner;  // alone: it is its own oldest
    } else {
        joiner.next_joiner = newest_->next_joiner;  // the oldest
        newest_->next_joiner = &joiner;
    }
    newest_ = &joiner;
}

inline TaskCore& JoinerQueue::pop_front() {
    TaskCore& oldest = *newest_->next_joiner;
    if (&oldest == newest_) {
        newest_ = nullptr;
    } else {
        newest_->next_joiner = oldest.next_joiner;
    }
    oldest.next_joiner = nullptr;
    return oldest;
}

inline void JoinerQueue::remove(TaskCore& joiner) {
    // Walk the ring from the newest to the one before `joiner`.
    TaskCore* before = newest_;
    while (before->next_joiner != &joiner) {
        before = before->next_joiner;
    }
    if (before == &joiner) {
        newest_ = nullptr;  // it was the only one
    } else {
        before->next_joiner = joiner.next_joiner;
        if (newest_ == &joiner) {
            newest_ = before;
        }
    }
    joiner.next_joiner = nullptr;
}

}  // namespace coop
