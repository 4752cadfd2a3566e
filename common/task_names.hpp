// Task names, each kept once.
//
// A task record refers to its name instead of holding a std::string: the
// reference is 8 bytes where a std::string is 32, and a thousand tasks
// spawned as "worker" share one copy. Each name counts the records that use
// it. A name no record uses any more is not removed at once: the unused
// names go all together when they are more than half of the names kept (as
// the loop throws away cancelled timers). So tasks of one name spawned and
// finished one after another find their name still there, with no hashing to
// remove it and no allocation to add it back; and a server that names every
// connection differently ("connection 1", "connection 2", ...) keeps at most
// about twice the names of the connections it serves now.
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
        auto [where, added] = names_.try_emplace(std::move(name), 0);
        if (!added && where->second == 0) {
            --unused_;  // used again before it was removed
        }
        ++where->second;
        return *where;
    }
    void drop(Entry& entry) {
        if (--entry.second == 0 && ++unused_ > kKeptUnused && unused_ > names_.size() / 2) {
            std::erase_if(names_, [](const Entry& e) { return e.second == 0; });
            unused_ = 0;
        }
    }

    // How many names are kept, used or not.
    std::size_t size() const { return names_.size(); }

  private:
    // Fewer unused names than this are never worth a sweep.
    static constexpr std::size_t kKeptUnused = 64;
    std::unordered_map<std::string, std::size_t> names_;
    std::size_t unused_ = 0;  // names whose count is 0
};

}  // namespace coop
