// Task names, each kept once.
//
// A task record refers to its name instead of holding a std::string: the
// reference is 8 bytes where a std::string is 32, and a thousand tasks
// spawned as "worker" share one copy. Each name counts the records that use
// it and goes when the last of them is reclaimed, so a server that names
// every connection differently ("connection 1", "connection 2", ...) keeps
// only the names of the connections it serves now.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>

namespace coop {

class TaskNames {
  public:
    // A name and the number of records that use it. Elements of an
    // unordered_map never move, so a record may point at one.
    using Entry = std::pair<const std::string, std::size_t>;

    Entry& keep(std::string name) {
        Entry& entry = *names_.try_emplace(std::move(name), 0).first;
        ++entry.second;
        return entry;
    }
    void drop(Entry& entry) {
        if (--entry.second == 0) {
            names_.erase(names_.find(entry.first));
        }
    }

  private:
    std::unordered_map<std::string, std::size_t> names_;
};

}  // namespace coop
