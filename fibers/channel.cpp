#include "fibers/channel.hpp"

#include <algorithm>

namespace coop::fibers {

void Channel::hand_off(TaskRecord& task) {
    task.channel = nullptr;
    task.completes_handoff = true;  // its operation is complete, come what may
    Runtime::current().wake_soon(task);
}

void Channel::send(std::int64_t value) {
    if (!receivers_.empty()) {
        WaitingReceiver* receiver = receivers_.front();
        receivers_.pop_front();
        receiver->value = value;
        hand_off(*receiver->task);
        return;
    }
    if (static_cast<std::int64_t>(buffer_.size()) < capacity_) {
        buffer_.push_back(value);
        return;
    }
    Runtime& rt = Runtime::current();
    TaskRecord& self = rt.current_task();
    rt.prepare_to_suspend(self, WaitingFor::Send);
    WaitingSender me{&self, value};  // lives on this task's stack while it waits
    self.channel = this;
    senders_.push_back(&me);
    rt.suspend(self);  // returns once a receiver has taken the value
}

std::int64_t Channel::recv() {
    if (!buffer_.empty()) {
        const std::int64_t value = buffer_.front();
        buffer_.pop_front();
        if (!senders_.empty()) {
            WaitingSender* sender = senders_.front();
            senders_.pop_front();
            buffer_.push_back(sender->value);
            hand_off(*sender->task);
        }
        return value;
    }
    if (!senders_.empty()) {
        WaitingSender* sender = senders_.front();
        senders_.pop_front();
        const std::int64_t value = sender->value;
        hand_off(*sender->task);
        return value;
    }
    Runtime& rt = Runtime::current();
    TaskRecord& self = rt.current_task();
    rt.prepare_to_suspend(self, WaitingFor::Recv);
    WaitingReceiver me{&self, std::nullopt};
    self.channel = this;
    receivers_.push_back(&me);
    rt.suspend(self);  // returns once a sender has handed a value
    return *me.value;
}

void Channel::forget(TaskRecord& task) {
    std::erase_if(receivers_, [&task](WaitingReceiver* r) { return r->task == &task; });
    std::erase_if(senders_, [&task](WaitingSender* s) { return s->task == &task; });
}

}  // namespace coop::fibers
