#pragma once

#include <span>
#include <string_view>

namespace coop::cli {

// `coop cpu`: CPU-bound work sequentially, as cooperative tasks, on threads
// and on processes, with the speed-up of each.
int cpu_command(std::span<const std::string_view> args);

}  // namespace coop::cli
