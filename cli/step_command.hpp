#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cli/stepped_runs.hpp"

namespace coop::cli {

// `coop step [--technique NAME] [--frames N] FILE`: the loop of a scenario's
// run, one step at a time, in the terminal (or N frames on standard output).
int step_command(std::span<const std::string_view> args);

// Standard input and output are a terminal, where show_steps can step.
bool can_step();

// Shows the frames of `run`: with `frames_wanted`, the frames on standard
// output one after the other (the run was recorded with at most that many);
// otherwise one at a time on the terminal, under `title`, moving on a key
// (`coop chess --step` steps the exhibition with it too). Returns 0.
int show_steps(const SteppedRun& run, std::optional<std::int64_t> frames_wanted,
               const std::string& title);

}  // namespace coop::cli
