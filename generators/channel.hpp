// A channel between generator tasks (docs/semantics.md, "Channels"). Tasks
// never call it: they yield SendTo / ReceiveFrom and the driver does
// (suspend.cpp). All of it is common/channel_core.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "common/channel_core.hpp"

namespace coop::generators {

class Channel final : public ChannelCore<std::int64_t> {
  public:
    explicit Channel(std::int64_t capacity, std::string name = {})
        : ChannelCore(capacity, std::move(name)) {}
};

}  // namespace coop::generators
