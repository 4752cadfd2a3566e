// A channel between generator tasks (SEMANTICS §3). Tasks never call it:
// they yield SendTo / ReceiveFrom and the driver does. Each function says
// whether the operation completed at once.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "generators/task.hpp"

namespace coop::generators {

class Runtime;

class Channel {
  public:
    Channel(Runtime& runtime, std::int64_t capacity) : runtime_(runtime), capacity_(capacity) {}
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    // True if the value was delivered or buffered: the sender goes on.
    bool send_without_waiting(std::int64_t value);
    // The value, if one could be taken without waiting.
    std::optional<std::int64_t> recv_without_waiting();

    void add_waiting_sender(TaskRecord& task, std::int64_t value);
    void add_waiting_receiver(TaskRecord& task);
    void forget(TaskRecord& task);  // a cancelled waiter leaves (a sender's value is dropped)

  private:
    struct WaitingSender {
        TaskRecord* task;
        std::int64_t value;
    };

    Runtime& runtime_;
    std::int64_t capacity_;
    std::deque<std::int64_t> buffer_;
    std::deque<WaitingSender> senders_;
    std::deque<TaskRecord*> receivers_;
};

}  // namespace coop::generators
