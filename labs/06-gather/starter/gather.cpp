// gather: spawn every task, then wait for whichever finishes next, until all
// have succeeded or one has failed.
#include "labs/06-gather/gather.hpp"

#include <exception>
#include <memory>
#include <optional>
#include <utility>

#include "coroutines/channel.hpp"
#include "coroutines/runtime.hpp"

namespace coop::lab06 {

coroutines::Task<std::vector<int>> gather([[maybe_unused]] std::string name,
                                          std::vector<coroutines::Task<int>> work) {
    // LAB: run the tasks at once: spawn each as a task of its own
    // (Runtime::current().spawn, named "<name> <index>"). Then wait for
    // whichever finishes next (a join waits for one given task; a channel
    // with room for every task can hear from any of them), until all have
    // succeeded or one has failed. On a failure, cancel the others, join
    // them (so that their destructors have run), and throw the failure.
    // If gather is left early (it is cancelled), cancel every task it
    // spawned: a destructor does that best.
    //
    // As it is, the tasks run one after another, as nested calls, and a
    // failure leaves the ones after it never started.
    std::vector<int> values;
    for (coroutines::Task<int>& task : work) {
        values.push_back(co_await std::move(task));
    }
    co_return values;
}

}  // namespace coop::lab06
