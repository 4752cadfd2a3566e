#include "generators/channel.hpp"

#include <algorithm>

#include "generators/runtime.hpp"

namespace coop::generators {

bool Channel::send_without_waiting(std::int64_t value) {
    if (!receivers_.empty()) {
        TaskRecord* receiver = receivers_.front();
        receivers_.pop_front();
        receiver->channel = nullptr;
        receiver->completes_handoff = true;  // the value is the receiver's now
        runtime_.wake_soon(*receiver, Reply{value});
        return true;
    }
    if (static_cast<std::int64_t>(buffer_.size()) < capacity_) {
        buffer_.push_back(value);
        return true;
    }
    return false;
}

std::optional<std::int64_t> Channel::recv_without_waiting() {
    if (!buffer_.empty()) {
        const std::int64_t value = buffer_.front();
        buffer_.pop_front();
        if (!senders_.empty()) {
            WaitingSender sender = senders_.front();
            senders_.pop_front();
            buffer_.push_back(sender.value);
            sender.task->channel = nullptr;
            sender.task->completes_handoff = true;
            runtime_.wake_soon(*sender.task, Reply{});
        }
        return value;
    }
    if (!senders_.empty()) {
        WaitingSender sender = senders_.front();
        senders_.pop_front();
        sender.task->channel = nullptr;
        sender.task->completes_handoff = true;
        runtime_.wake_soon(*sender.task, Reply{});
        return sender.value;
    }
    return std::nullopt;
}

void Channel::add_waiting_sender(TaskRecord& task, std::int64_t value) {
    task.channel = this;
    senders_.push_back(WaitingSender{&task, value});
}

void Channel::add_waiting_receiver(TaskRecord& task) {
    task.channel = this;
    receivers_.push_back(&task);
}

void Channel::forget(TaskRecord& task) {
    std::erase(receivers_, &task);
    std::erase_if(senders_, [&task](const WaitingSender& s) { return s.task == &task; });
}

}  // namespace coop::generators
