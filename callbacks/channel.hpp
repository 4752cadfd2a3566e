// A channel between callbacks tasks (SEMANTICS §3): a bounded buffer plus a
// queue of waiting senders (each with its value) and one of waiting receivers.
// Capacity 0 is a rendezvous: a value passes only from a waiting sender to a
// receiver or the other way round.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "callbacks/runtime.hpp"

namespace coop::callbacks {

class Channel {
  public:
    Channel(Runtime& runtime, std::int64_t capacity) : runtime_(runtime), capacity_(capacity) {}
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    // Returns true when the value was delivered or buffered and the sender
    // goes on at once (`next` is not used). Otherwise the sender waits and
    // `next` is called once a receiver has taken the value (or with
    // Wakeup::Cancelled).
    bool send(Task& self, std::int64_t value, Continuation next);

    // Returns the value when one is there: the receiver goes on at once.
    // Otherwise the receiver waits and `next` is called with the value in
    // Wakeup::value (or with Wakeup::Cancelled).
    std::optional<std::int64_t> recv(Task& self, Continuation next);

    // A waiting task was cancelled: it leaves the queues (a sender's value
    // is dropped).
    void forget(Task& task);

    std::size_t buffered() const { return buffer_.size(); }

  private:
    struct WaitingSender {
        Task* task;
        std::int64_t value;
    };

    Runtime& runtime_;
    std::int64_t capacity_;
    std::deque<std::int64_t> buffer_;
    std::deque<WaitingSender> senders_;
    std::deque<Task*> receivers_;
};

}  // namespace coop::callbacks
