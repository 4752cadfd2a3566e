#include "callbacks/channel.hpp"

#include <utility>

namespace coop::callbacks {

bool Channel::send(TaskRecord& self, std::int64_t value, Continuation next) {
    if (send_now(value, runtime_)) {
        return true;
    }
    if (runtime_.suspend(self, WaitingFor::Send, std::move(next))) {
        self.channel_op.value = value;
        wait_to_send(self.channel_op);
    }
    return false;
}

std::optional<std::int64_t> Channel::recv(TaskRecord& self, Continuation next) {
    if (recv_now(self.channel_op, runtime_)) {
        return std::exchange(self.channel_op.value, std::nullopt);
    }
    if (runtime_.suspend(self, WaitingFor::Recv, std::move(next))) {
        wait_to_recv(self.channel_op);
    }
    return std::nullopt;
}

}  // namespace coop::callbacks
