// Lab 07: the size of a tree, summed by a recursive walk, twice.
//
//   total_size(root)            the task calls this
//     folder_size(folder)       for each folder, recursively
//       node_size(node)         a folder or a file?
//         file_size(file)       the bottom: asks the disk, and must WAIT
//
// With fibers (walk.cpp), the three functions on the way are ordinary
// functions, and they stay as they are: only the bottom, file_size
// (fibers_bottom.cpp, yours), changes. With coroutines (coroutines_walk.cpp,
// yours), a function that waits must be a coroutine, and so must every
// function that calls one: the whole chain changes.
#pragma once

#include <cstdint>

#include "coroutines/task.hpp"
#include "labs/07-colouring/tree.hpp"

namespace coop::lab07 {

namespace fibers_walk {
// In walk.cpp: ordinary functions. Call total_size from a fibers task.
std::int64_t total_size(const Node& root);
// In fibers_bottom.cpp: the disk's answer for one file.
std::int64_t file_size(const Node& file);
}  // namespace fibers_walk

namespace coroutines_walk {
// In coroutines_walk.cpp: co_await it from a coroutines task. (`root` by
// reference: the tree outlives the walk.)
coroutines::Task<std::int64_t> total_size(const Node& root);
}  // namespace coroutines_walk

}  // namespace coop::lab07
