// Channel<T> between coroutine tasks (SEMANTICS §3): co_await ch.send(v),
// T v = co_await ch.recv(). Capacity 0 is a rendezvous.
//
// The fast paths live in await_ready: a send that finds a waiting receiver or
// room in the buffer, and a receive that finds a value, complete there and
// never suspend. Only when they must wait does await_suspend hand control
// back to the loop. A waiting awaiter lives in its coroutine's frame, so the
// channel's queues can point at it until it is woken.
#pragma once

#include <algorithm>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>

#include "coroutines/runtime.hpp"

namespace coop::coroutines {

// What Runtime::cancel needs of any channel: drop a waiting task.
class ChannelBase {
  public:
    virtual void forget(TaskRecord& task) = 0;

  protected:
    ~ChannelBase() = default;
};

template <class T>
class Channel final : public ChannelBase {
  public:
    explicit Channel(std::int64_t capacity) : capacity_(capacity) {}
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    class SendAwaiter {
      public:
        SendAwaiter(Channel& channel, T value) : channel_(channel), value_(std::move(value)) {}
        bool await_ready() { return channel_.send_without_waiting(value_); }
        bool await_suspend(std::coroutine_handle<> me) {
            Runtime& rt = Runtime::current();
            self_ = &rt.current_task();
            if (!rt.suspend(*self_, me, WaitingFor::Send)) {
                return false;
            }
            self_->channel = &channel_;
            channel_.senders_.push_back(this);
            return true;  // ← control goes back to the loop until a receiver takes value_
        }
        void await_resume() {
            if (self_ != nullptr) {
                Runtime::throw_if_cancelled(*self_);
            }
        }

      private:
        friend class Channel;
        Channel& channel_;
        T value_;
        TaskRecord* self_ = nullptr;
    };

    class RecvAwaiter {
      public:
        explicit RecvAwaiter(Channel& channel) : channel_(channel) {}
        bool await_ready() {
            value_ = channel_.recv_without_waiting();
            return value_.has_value();
        }
        bool await_suspend(std::coroutine_handle<> me) {
            Runtime& rt = Runtime::current();
            self_ = &rt.current_task();
            if (!rt.suspend(*self_, me, WaitingFor::Recv)) {
                return false;
            }
            self_->channel = &channel_;
            channel_.receivers_.push_back(this);
            return true;  // ← control goes back to the loop until a sender hands a value
        }
        T await_resume() {
            if (self_ != nullptr) {
                Runtime::throw_if_cancelled(*self_);
            }
            return std::move(*value_);
        }

      private:
        friend class Channel;
        Channel& channel_;
        std::optional<T> value_;
        TaskRecord* self_ = nullptr;
    };

    SendAwaiter send(T value) { return SendAwaiter{*this, std::move(value)}; }
    RecvAwaiter recv() { return RecvAwaiter{*this}; }

    void forget(TaskRecord& task) override {
        std::erase_if(receivers_, [&task](RecvAwaiter* r) { return r->self_ == &task; });
        std::erase_if(senders_, [&task](SendAwaiter* s) { return s->self_ == &task; });
    }

    std::size_t buffered() const { return buffer_.size(); }

  private:
    bool send_without_waiting(T& value) {
        if (!receivers_.empty()) {
            // Straight to the first waiting receiver: the value is its own now.
            RecvAwaiter* receiver = receivers_.front();
            receivers_.pop_front();
            receiver->value_ = std::move(value);
            hand_off(*receiver->self_);
            return true;
        }
        if (static_cast<std::int64_t>(buffer_.size()) < capacity_) {
            buffer_.push_back(std::move(value));
            return true;
        }
        return false;
    }

    std::optional<T> recv_without_waiting() {
        if (!buffer_.empty()) {
            T value = std::move(buffer_.front());
            buffer_.pop_front();
            if (!senders_.empty()) {
                // Room was made: the first waiting sender's value moves in.
                SendAwaiter* sender = senders_.front();
                senders_.pop_front();
                buffer_.push_back(std::move(sender->value_));
                hand_off(*sender->self_);
            }
            return value;
        }
        if (!senders_.empty()) {
            // A rendezvous: the value comes straight from the waiting sender.
            SendAwaiter* sender = senders_.front();
            senders_.pop_front();
            T value = std::move(sender->value_);
            hand_off(*sender->self_);
            return value;
        }
        return std::nullopt;
    }

    // The other task's operation is complete: it goes on, even if it is
    // cancelled before it runs (it then meets the cancellation later).
    static void hand_off(TaskRecord& task) {
        task.channel = nullptr;
        task.completes_handoff = true;
        Runtime::current().wake_soon(task);
    }

    std::int64_t capacity_;
    std::deque<T> buffer_;
    std::deque<SendAwaiter*> senders_;
    std::deque<RecvAwaiter*> receivers_;
};

}  // namespace coop::coroutines
