#pragma once

#include <span>
#include <string_view>

namespace coop::cli {

// `coop step [--technique NAME] [--frames N] FILE`: the loop of a scenario's
// run, one step at a time, in the terminal (or N frames on standard output).
int step_command(std::span<const std::string_view> args);

}  // namespace coop::cli
