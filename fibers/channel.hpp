// A channel between fiber tasks (docs/semantics.md, "Channels"): send(v) and
// recv() are plain calls that block the calling task (not the thread) when
// they must wait. The buffer, the queues and the hand-off are
// common/channel_core.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "common/channel_core.hpp"
#include "fibers/runtime.hpp"

namespace coop::fibers {

class Channel final : public ChannelCore<std::int64_t> {
  public:
    explicit Channel(std::int64_t capacity, std::string name = {})
        : ChannelCore(capacity, std::move(name)) {}

    void send(std::int64_t value);
    std::int64_t recv();
};

}  // namespace coop::fibers
