// The walk, for fibers: three ordinary functions above the bottom. Do not
// change them: with fibers, a function deep down can suspend the whole
// task, because the task has a stack of its own, and these frames simply
// stay on it while the task waits.
#include "labs/07-colouring/walk.hpp"

namespace coop::lab07::fibers_walk {

namespace {

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

std::int64_t total_size(const Node& root) {
    return folder_size(root);
}

}  // namespace coop::lab07::fibers_walk
