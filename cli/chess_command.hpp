#pragma once

#include <span>
#include <string_view>

namespace coop::cli {

// `coop chess`: the exhibition in every version, one table row per version.
int chess_command(std::span<const std::string_view> args);

}  // namespace coop::cli
