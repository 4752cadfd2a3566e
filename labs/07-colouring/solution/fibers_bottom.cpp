// The bottom of the fibers walk (walk.cpp calls it). One line changed: the
// task sleeps here, three calls deep, and the frames above stay on the
// task's own stack until the loop switches back to it.
#include "fibers/suspend.hpp"
#include "labs/07-colouring/walk.hpp"

namespace coop::lab07::fibers_walk {

std::int64_t file_size(const Node& file) {
    fibers::sleep(file.latency);  // ← suspends the whole task, from down here
    return file.bytes;
}

}  // namespace coop::lab07::fibers_walk
