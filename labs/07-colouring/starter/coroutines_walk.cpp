// The walk, for coroutines.
#include "coroutines/suspend.hpp"
#include "labs/07-colouring/walk.hpp"

namespace coop::lab07::coroutines_walk {

namespace {

// LAB: the disk takes file.latency to answer: wait for it so that the
// other tasks run meanwhile (co_await coroutines::sleep). A function that
// co_awaits is a coroutine, and whoever calls it must co_await it in turn:
// follow that up the chain to total_size. What changes, in each function?
//
// As it is, the walk holds the loop while it waits: nobody else runs.
std::int64_t file_size(const Node& file) {
    coroutines::busy(file.latency);
    return file.bytes;
}

std::int64_t folder_size(const Node& folder);

std::int64_t node_size(const Node& node) {
    return node.is_folder ? folder_size(node) : file_size(node);
}

std::int64_t folder_size(const Node& folder) {
    std::int64_t total = 0;
    for (const Node& child : folder.children) {
        total += node_size(child);
    }
    return total;
}

}  // namespace

coroutines::Task<std::int64_t> total_size(const Node& root) {
    co_return folder_size(root);
}

}  // namespace coop::lab07::coroutines_walk
