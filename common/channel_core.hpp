// What a channel is, whatever the technique (docs/semantics.md, "Channels"):
// a bounded buffer, a queue of waiting senders (each with its value) and one
// of waiting receivers. Capacity 0 is a rendezvous: a value passes only from
// a waiting sender to a receiver or the other way round.
//
// Each technique's channel (callbacks/channel.hpp, ...) derives from
// ChannelCore and adds only how its operations suspend and resume. The
// operations here never wait: each completes what it can at once and says
// so; when it cannot, the technique suspends the task and puts its Waiter in
// a queue. A Waiter lives wherever the technique keeps a suspended task's
// state: in a coroutine's awaiter, on a fiber's stack, in the record of a
// callbacks or generators task (which have no stack of their own).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>

#include "common/task_core.hpp"
#include "common/task_table.hpp"

namespace coop {

// What TaskTable::cancel needs of any channel: drop a waiting task.
class ChannelBase {
  public:
    virtual void forget(TaskCore& task) = 0;

  protected:
    ChannelBase() = default;
    ~ChannelBase() = default;
};

// A task waiting in a channel's queue: a sender with its value, or a
// receiver, whose value the channel fills in.
template <class T>
struct ChannelWaiter {
    TaskCore* task = nullptr;
    std::optional<T> value;
    ChannelWaiter* next = nullptr;  // the waiter queued after this one
};

// The senders, or the receivers, waiting on a channel: first come, first
// served. The waiters are linked to each other (each knows the next), so
// waiting in a queue allocates nothing. A std::deque allocated and freed a
// block of memory every 64 waits, behind a call the compiler did not inline:
// a tenth of a rendezvous ping-pong.
template <class T>
class WaiterQueue {
  public:
    using Waiter = ChannelWaiter<T>;

    bool empty() const { return first_ == nullptr; }

    void push_back(Waiter& waiter) {
        waiter.next = nullptr;
        if (last_ == nullptr) {
            first_ = &waiter;
        } else {
            last_->next = &waiter;
        }
        last_ = &waiter;
    }

    // The waiter that came first leaves the queue. The queue is not empty.
    Waiter& pop_front() {
        Waiter& waiter = *first_;
        first_ = waiter.next;
        if (first_ == nullptr) {
            last_ = nullptr;
        }
        return waiter;
    }

    // Every waiter of `task` leaves the queue, its value dropped.
    void remove(const TaskCore& task) {
        Waiter* previous = nullptr;
        for (Waiter* w = first_; w != nullptr; w = w->next) {
            if (w->task != &task) {
                previous = w;
                continue;
            }
            (previous == nullptr ? first_ : previous->next) = w->next;
            if (last_ == w) {
                last_ = previous;
            }
            w->value.reset();
        }
    }

  private:
    Waiter* first_ = nullptr;
    Waiter* last_ = nullptr;
};

template <class T>
class ChannelCore : public ChannelBase {
  public:
    using Waiter = ChannelWaiter<T>;

    ChannelCore(const ChannelCore&) = delete;
    ChannelCore& operator=(const ChannelCore&) = delete;

    // What the program calls the channel (a scenario's channel name), or
    // empty: the debugger's `coop tasks` shows it for a task waiting here,
    // so a deadlock reads as "left waits to receive on x".
    const std::string& name() const { return name_; }

    // Delivers `value` to a waiting receiver or puts it in the buffer, and
    // returns true (the value is moved from); false: the sender must wait.
    bool send_now(T& value, TaskTable& tasks) {
        if (!receivers_.empty()) {
            // Straight to the first waiting receiver: the value is its own now.
            Waiter& receiver = receivers_.pop_front();
            receiver.value = std::move(value);
            hand_off(receiver, tasks);
            return true;
        }
        if (static_cast<std::int64_t>(buffer_.size()) < capacity_) {
            buffer_.push_back(std::move(value));
            return true;
        }
        return false;
    }

    // Takes a value for `receiver` (into receiver.value) and returns true,
    // if one can be taken without waiting; false: the receiver must wait.
    //
    // The value goes straight into the receiver's own optional rather than
    // coming back as a std::optional<T>: copying a whole optional that was
    // just written field by field makes the processor wait for the stores
    // to land (a store-forwarding stall, measured at a third of a channel
    // ping-pong in the coroutines technique; docs/performance.md).
    bool recv_now(Waiter& receiver, TaskTable& tasks) {
        if (!buffer_.empty()) {
            receiver.value = std::move(buffer_.front());
            buffer_.pop_front();
            if (!senders_.empty()) {
                // Room was made: the first waiting sender's value moves in.
                Waiter& sender = senders_.pop_front();
                buffer_.push_back(std::move(*sender.value));
                hand_off(sender, tasks);
            }
            return true;
        }
        if (!senders_.empty()) {
            // A rendezvous: the value comes straight from the waiting sender.
            Waiter& sender = senders_.pop_front();
            receiver.value = std::move(*sender.value);
            hand_off(sender, tasks);
            return true;
        }
        return false;
    }

    // The waiter's task has suspended (its runtime said so): it waits in
    // the queue until a receiver takes its value, or a sender hands one.
    void wait_to_send(Waiter& sender) {
        sender.task->channel = this;
        senders_.push_back(sender);
    }
    void wait_to_recv(Waiter& receiver) {
        receiver.task->channel = this;
        receivers_.push_back(receiver);
    }

    // A waiting task was cancelled: it leaves the queues, and a sender's
    // value is dropped.
    void forget(TaskCore& task) override {
        receivers_.remove(task);
        senders_.remove(task);
    }

  protected:
    explicit ChannelCore(std::int64_t capacity, std::string name = {})
        : capacity_(capacity), name_(std::move(name)) {}
    ~ChannelCore() = default;

  private:
    // The other task's operation is complete: it goes on, even if it is
    // cancelled before it runs (it then meets the cancellation at its next
    // suspension point). A cancel after a hand-off never loses the value.
    static void hand_off(Waiter& waiter, TaskTable& tasks) {
        waiter.task->channel = nullptr;
        waiter.task->completes_handoff = true;
        tasks.wake_soon(*waiter.task);
    }

    std::int64_t capacity_;
    std::string name_;
    std::deque<T> buffer_;
    WaiterQueue<T> senders_;
    WaiterQueue<T> receivers_;
};

}  // namespace coop
