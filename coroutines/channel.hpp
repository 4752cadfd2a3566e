// Channel<T> between coroutine tasks (docs/semantics.md, "Channels"):
// co_await ch.send(v), T v = co_await ch.recv(). Capacity 0 is a rendezvous.
// The buffer, the queues and the hand-off are common/channel_core.hpp; here
// are the awaiters.
//
// The fast paths live in await_ready: a send that finds a waiting receiver or
// room in the buffer, and a receive that finds a value, complete there and
// never suspend. Only when they must wait does await_suspend hand control
// back to the loop. A waiting awaiter lives in its coroutine's frame, so the
// channel's queues can point at its Waiter until it is woken.
#pragma once

#include <coroutine>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "common/channel_core.hpp"
#include "coroutines/runtime.hpp"

namespace coop::coroutines {

template <class T>
class Channel final : public ChannelCore<T> {
  public:
    using Waiter = ChannelWaiter<T>;

    explicit Channel(std::int64_t capacity, std::string name = {})
        : ChannelCore<T>(capacity, std::move(name)) {}

    class SendAwaiter {
      public:
        SendAwaiter(Channel& channel, T value) : channel_(channel) {
            waiter_.value.emplace(std::move(value));
        }
        bool await_ready() { return channel_.send_now(*waiter_.value, Runtime::current()); }
        bool await_suspend(std::coroutine_handle<> me) {
            if (!suspend(waiter_, me, WaitingFor::Send)) {
                return false;
            }
            channel_.wait_to_send(waiter_);
            return true;  // ← control goes back to the loop until a receiver takes the value
        }
        void await_resume() { go_on(waiter_); }

      private:
        Channel& channel_;
        Waiter waiter_;
    };

    class RecvAwaiter {
      public:
        explicit RecvAwaiter(Channel& channel) : channel_(channel) {}
        bool await_ready() { return channel_.recv_now(waiter_, Runtime::current()); }
        bool await_suspend(std::coroutine_handle<> me) {
            if (!suspend(waiter_, me, WaitingFor::Recv)) {
                return false;
            }
            channel_.wait_to_recv(waiter_);
            return true;  // ← control goes back to the loop until a sender hands a value
        }
        T await_resume() {
            go_on(waiter_);
            return std::move(*waiter_.value);
        }

      private:
        Channel& channel_;
        Waiter waiter_;
    };

    SendAwaiter send(T value) { return SendAwaiter{*this, std::move(value)}; }
    RecvAwaiter recv() { return RecvAwaiter{*this}; }

  private:
    // The running task is to wait in a queue, as `waiter`.
    static bool suspend(Waiter& waiter, std::coroutine_handle<> me, WaitingFor what) {
        Runtime& rt = Runtime::current();
        TaskRecord& self = rt.current_task();
        waiter.task = &self;
        return rt.suspend(self, me, what);
    }
    // In await_resume: throws Cancelled if it was cancelled instead.
    static void go_on(Waiter& waiter) {
        if (waiter.task != nullptr) {
            Runtime::rethrow_thrown_in(*waiter.task);
        }
    }
};

}  // namespace coop::coroutines
