#include "callbacks/channel.hpp"

#include <algorithm>
#include <utility>

namespace coop::callbacks {

bool Channel::send(Task& self, std::int64_t value, Continuation next) {
    if (!receivers_.empty()) {
        // Hand the value straight to the first waiting receiver. From here on
        // the value is the receiver's, even if it is cancelled before it runs.
        Task* receiver = receivers_.front();
        receivers_.pop_front();
        receiver->channel = nullptr;
        receiver->completes_handoff = true;
        runtime_.wake_soon(*receiver, Wakeup::Resumed, value);
        return true;
    }
    if (static_cast<std::int64_t>(buffer_.size()) < capacity_) {
        buffer_.push_back(value);
        return true;
    }
    if (runtime_.suspend(self, WaitingFor::Send, std::move(next))) {
        self.channel = this;
        senders_.push_back(WaitingSender{&self, value});
    }
    return false;
}

std::optional<std::int64_t> Channel::recv(Task& self, Continuation next) {
    if (!buffer_.empty()) {
        const std::int64_t value = buffer_.front();
        buffer_.pop_front();
        if (!senders_.empty()) {
            // Room was made: the first waiting sender's value moves in and
            // that sender may go on.
            WaitingSender sender = senders_.front();
            senders_.pop_front();
            buffer_.push_back(sender.value);
            sender.task->channel = nullptr;
            sender.task->completes_handoff = true;
            runtime_.wake_soon(*sender.task);
        }
        return value;
    }
    if (!senders_.empty()) {
        // A rendezvous: take the value from the waiting sender directly.
        WaitingSender sender = senders_.front();
        senders_.pop_front();
        sender.task->channel = nullptr;
        sender.task->completes_handoff = true;
        runtime_.wake_soon(*sender.task);
        return sender.value;
    }
    if (runtime_.suspend(self, WaitingFor::Recv, std::move(next))) {
        self.channel = this;
        receivers_.push_back(&self);
    }
    return std::nullopt;
}

void Channel::forget(Task& task) {
    receivers_.erase(std::remove(receivers_.begin(), receivers_.end(), &task), receivers_.end());
    senders_.erase(std::remove_if(senders_.begin(), senders_.end(),
                                  [&task](const WaitingSender& s) { return s.task == &task; }),
                   senders_.end());
}

}  // namespace coop::callbacks
