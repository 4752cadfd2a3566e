#pragma once

#include <span>
#include <string_view>

namespace coop::cli {

// `coop compare FILE`: every technique on one scenario, side by side.
int compare_command(std::span<const std::string_view> args);

}  // namespace coop::cli
