// WRONG (a blocking habit): the tasks run at once, but gather joins them in
// the order of the list. The results are right, but a failure is heard only
// once every task before it in the list is done, and by then the others
// have run to their end instead of being cancelled.
#include "labs/06-gather/gather.hpp"

#include <memory>

#include "coroutines/runtime.hpp"

namespace coop::lab06 {

namespace {

coroutines::Task<void> run_to_slot(coroutines::Task<int> work, std::size_t index,
                                   std::shared_ptr<std::vector<int>> values) {
    (*values)[index] = co_await std::move(work);
}

}  // namespace

coroutines::Task<std::vector<int>> gather(std::string name,
                                          std::vector<coroutines::Task<int>> work) {
    coroutines::Runtime& rt = coroutines::Runtime::current();
    auto values = std::make_shared<std::vector<int>>(work.size());
    std::vector<coroutines::TaskHandle> tasks;
    for (std::size_t i = 0; i < work.size(); ++i) {
        tasks.push_back(
            rt.spawn(name + " " + std::to_string(i), run_to_slot(std::move(work[i]), i, values)));
    }
    for (const coroutines::TaskHandle& task : tasks) {
        co_await coroutines::join(task);  // rethrows a failure, but only in its turn
    }
    co_return *values;
}

}  // namespace coop::lab06
