// Lab 06: gather in the coroutines technique (asyncio.gather, or a
// TaskGroup, in Python).
#pragma once

#include <string>
#include <vector>

#include "coroutines/task.hpp"

namespace coop::lab06 {

// `co_await gather(name, work)`: runs every task of `work` at once, each as
// a task of its own ("<name> 0", "<name> 1", ...), and gives their results
// in the order of `work`. If one fails, the others are cancelled (their
// destructors run) and, once every one of them has finished, gather throws
// the first failure. If the task waiting in gather is cancelled, every task
// of `work` is cancelled with it.
coroutines::Task<std::vector<int>> gather(std::string name,
                                          std::vector<coroutines::Task<int>> work);

}  // namespace coop::lab06
