#pragma once

#include <span>
#include <string_view>

namespace coop::cli {

// `coop echo [--technique NAME|all] [--connections N] [--messages M] [--size BYTES]`,
// `coop echo --serve PORT --technique NAME`, `coop echo --connect PORT ...`
int echo_command(std::span<const std::string_view> args);

}  // namespace coop::cli
