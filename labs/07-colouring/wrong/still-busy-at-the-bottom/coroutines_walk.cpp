// WRONG (a blocking call left): the whole chain is coloured, every call
// co_awaited, but the bottom still holds the loop (busy) instead of
// waiting: colouring a function does not make it suspend.
#include "coroutines/suspend.hpp"
#include "labs/07-colouring/walk.hpp"

namespace coop::lab07::coroutines_walk {

namespace {

coroutines::Task<std::int64_t> file_size(const Node& file) {
    coroutines::busy(file.latency);  // still work, not a wait
    co_return file.bytes;
}

coroutines::Task<std::int64_t> folder_size(const Node& folder);

coroutines::Task<std::int64_t> node_size(const Node& node) {
    // (Not `cond ? co_await a : co_await b`: two awaits, one of them never
    // started, read badly. An if says it.)
    if (node.is_folder) {
        co_return co_await folder_size(node);
    }
    co_return co_await file_size(node);
}

coroutines::Task<std::int64_t> folder_size(const Node& folder) {
    std::int64_t total = 0;
    for (const Node& child : folder.children) {
        total += co_await node_size(child);
    }
    co_return total;
}

}  // namespace

coroutines::Task<std::int64_t> total_size(const Node& root) {
    co_return co_await folder_size(root);
}

}  // namespace coop::lab07::coroutines_walk
