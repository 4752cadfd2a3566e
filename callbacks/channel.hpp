// A channel between callbacks tasks (docs/semantics.md, "Channels"). The
// buffer, the queues and the hand-off are common/channel_core.hpp; here is
// only how an operation that must wait saves its continuation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "callbacks/runtime.hpp"
#include "common/channel_core.hpp"

namespace coop::callbacks {

class Channel final : public ChannelCore<std::int64_t> {
  public:
    Channel(Runtime& runtime, std::int64_t capacity, std::string name = {})
        : ChannelCore(capacity, std::move(name)), runtime_(runtime) {}

    // Returns true when the value was delivered or buffered and the sender
    // goes on at once (`next` is not used). Otherwise the sender waits and
    // `next` is called once a receiver has taken the value (or with
    // Wakeup::Cancelled). Like the runtime's suspension points, a template:
    // `next` is built in the task, in place (suspend.hpp).
    template <class Next>
    bool send(TaskRecord& self, std::int64_t value, Next&& next) {
        if (send_now(value, runtime_)) {
            return true;
        }
        if (runtime_.suspend(self, WaitingFor::Send, std::forward<Next>(next))) {
            self.channel_op.value = value;
            wait_to_send(self.channel_op);
        }
        return false;
    }

    // Returns the value when one is there: the receiver goes on at once.
    // Otherwise the receiver waits and `next` is called with the value in
    // Wakeup::value (or with Wakeup::Cancelled).
    template <class Next>
    std::optional<std::int64_t> recv(TaskRecord& self, Next&& next) {
        if (recv_now(self.channel_op, runtime_)) {
            return std::exchange(self.channel_op.value, std::nullopt);
        }
        if (runtime_.suspend(self, WaitingFor::Recv, std::forward<Next>(next))) {
            wait_to_recv(self.channel_op);
        }
        return std::nullopt;
    }

  private:
    Runtime& runtime_;
};

}  // namespace coop::callbacks
