// The page of `coop run --html` and `coop chess --html`: one HTML file that
// holds its style, its script, its data and the pictures of the four
// mechanisms, and fetches nothing. It draws a run's schedule as a timeline
// and steps through it with the panels of `coop step`, for every technique
// side by side.
//
// Everything on it comes from StepFrames (common/step_frames.hpp), recorded
// while each technique really ran: the timeline's row of a task at a step is
// where that step's frame found the task (running, in the ready queue, in a
// timer, waiting on a channel, a join or a descriptor). The page's script
// (cli/page/schedule.js) only draws the frames; it knows no rule of the loop.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/stepped_runs.hpp"

namespace coop::cli {

struct SchedulePage {
    std::string title;             // what ran: a scenario file, the exhibition
    std::vector<SteppedRun> runs;  // one per technique, in the order of cli/techniques.hpp
};

// How many steps a page keeps of a run of `tasks` tasks: 10,000 (as coop
// step), and fewer when every frame lists many tasks, so that the page's size
// is bounded whatever the run: at most 200,000 task entries per technique
// (10,000 steps of two tasks in five techniques make a page of 12 MB).
std::size_t page_frame_limit(std::size_t tasks);

// The page, as text.
std::string schedule_page(const SchedulePage& page);

// Writes the page to `path`: "" or what went wrong ("cannot write PATH: ...").
std::string write_schedule_page(const std::string& path, const SchedulePage& page);

}  // namespace coop::cli
