// WRONG (the colour avoided): the chain stays uncoloured, and the task
// sleeps once, at the top, for as long as all the files together. It ends
// at the right time with the right size, but it waits in one piece instead
// of at each file: another task that needs the disk's answers as they come
// (or a cancellation between two files) sees the difference.
#include "coroutines/suspend.hpp"
#include "labs/07-colouring/walk.hpp"

namespace coop::lab07::coroutines_walk {

namespace {

std::int64_t file_size(const Node& file) {
    return file.bytes;  // the wait is done at the top, all at once
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

// How long the disk would take for the whole tree.
Duration total_latency(const Node& node) {
    Duration d = node.latency;
    for (const Node& child : node.children) {
        d += total_latency(child);
    }
    return d;
}

coroutines::Task<std::int64_t> sum_with_one_wait(const Node& root) {
    co_await coroutines::sleep(total_latency(root));  // all the waiting at once
    co_return folder_size(root);
}

}  // namespace

coroutines::Task<std::int64_t> total_size(const Node& root) {
    co_return co_await sum_with_one_wait(root);
}

}  // namespace coop::lab07::coroutines_walk
