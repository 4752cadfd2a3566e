// Lab 07: a tree of folders and files on a slow disk. Asking the disk for a
// file's size takes the file's `latency`: the walk must wait there, at the
// bottom of a chain of calls as deep as the tree.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.hpp"

namespace coop::lab07 {

struct Node {
    std::string name;
    bool is_folder = false;
    std::vector<Node> children;  // a folder's, in order
    std::int64_t bytes = 0;      // a file's size ...
    Duration latency{};          // ... and how long the disk takes to tell it
};

}  // namespace coop::lab07
