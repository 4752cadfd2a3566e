// A channel between fiber tasks (SEMANTICS §3): send(v) and recv() are plain
// calls that block the calling task (not the thread) when they must wait.
// A waiting task's entry in the queues is a local variable on its own stack:
// it stays valid for as long as the task is suspended, which is exactly as
// long as the queue needs it.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "fibers/runtime.hpp"

namespace coop::fibers {

class ChannelBase {
  public:
    virtual void forget(TaskRecord& task) = 0;

  protected:
    ~ChannelBase() = default;
};

class Channel final : public ChannelBase {
  public:
    explicit Channel(std::int64_t capacity) : capacity_(capacity) {}
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    void send(std::int64_t value);
    std::int64_t recv();

    void forget(TaskRecord& task) override;
    std::size_t buffered() const { return buffer_.size(); }

  private:
    struct WaitingSender {
        TaskRecord* task;
        std::int64_t value;
    };
    struct WaitingReceiver {
        TaskRecord* task;
        std::optional<std::int64_t> value;  // filled in by the sender
    };

    static void hand_off(TaskRecord& task);

    std::int64_t capacity_;
    std::deque<std::int64_t> buffer_;
    std::deque<WaitingSender*> senders_;
    std::deque<WaitingReceiver*> receivers_;
};

}  // namespace coop::fibers
