#pragma once

#include <span>
#include <string_view>

namespace coop::cli {

// `coop run [--technique NAME] [--clock virtual|real] FILE`
int run_command(std::span<const std::string_view> args);

}  // namespace coop::cli
