// WRONG (a missed step): on a failure it cancels the other tasks but does
// not join them, so gather throws while they are still running: their
// destructors have not run yet when the caller hears the failure.
#include "labs/06-gather/gather.hpp"

#include <exception>
#include <memory>
#include <optional>
#include <utility>

#include "coroutines/channel.hpp"
#include "coroutines/runtime.hpp"

namespace coop::lab06 {

namespace {

// What gather and its tasks share. Shared ownership: a task may finish after
// gather has gone (if gather is cancelled), and still report.
struct Results {
    explicit Results(std::size_t tasks) : values(tasks), failures(tasks), finished(tasks) {}
    std::vector<std::optional<int>> values;
    std::vector<std::exception_ptr> failures;
    // Room for every task: a send never waits, so it works even in a task
    // that is being cancelled.
    coroutines::Channel<std::size_t> finished;
};

// Each task of gather runs this: the work, then a word to gather. A task
// cancelled by gather says nothing: Cancelled goes straight through.
coroutines::Task<void> run_and_report(coroutines::Task<int> work, std::size_t index,
                                      std::shared_ptr<Results> results) {
    std::exception_ptr failure;
    try {
        results->values[index] = co_await std::move(work);
    } catch (const coroutines::Cancelled&) {
        throw;
    } catch (...) {
        failure = std::current_exception();
    }
    results->failures[index] = failure;
    co_await results->finished.send(index);
    if (failure) {
        std::rethrow_exception(failure);  // the task fails as its work did
    }
}

// However gather leaves, no task of its outlives it: a finished task is
// left alone by cancel().
class CancelOnExit {
  public:
    CancelOnExit(coroutines::Runtime& rt, const std::vector<coroutines::TaskHandle>& tasks)
        : rt_(rt), tasks_(tasks) {}
    CancelOnExit(const CancelOnExit&) = delete;
    CancelOnExit& operator=(const CancelOnExit&) = delete;
    ~CancelOnExit() {
        for (const coroutines::TaskHandle& task : tasks_) {
            rt_.cancel(task);
        }
    }

  private:
    coroutines::Runtime& rt_;
    const std::vector<coroutines::TaskHandle>& tasks_;
};

}  // namespace

coroutines::Task<std::vector<int>> gather(std::string name,
                                          std::vector<coroutines::Task<int>> work) {
    coroutines::Runtime& rt = coroutines::Runtime::current();
    auto results = std::make_shared<Results>(work.size());
    std::vector<coroutines::TaskHandle> tasks;
    for (std::size_t i = 0; i < work.size(); ++i) {
        tasks.push_back(rt.spawn(name + " " + std::to_string(i),
                                 run_and_report(std::move(work[i]), i, results)));
    }
    const CancelOnExit cancel_on_exit(rt, tasks);

    std::exception_ptr first_failure;
    for (std::size_t finished = 0; finished < tasks.size() && !first_failure; ++finished) {
        const std::size_t index = co_await results->finished.recv();
        first_failure = results->failures[index];
    }
    if (first_failure) {
        // Cancel the others, and wait until they have all finished: when
        // gather throws, their destructors have run.
        for (const coroutines::TaskHandle& task : tasks) {
            rt.cancel(task);
        }
        std::rethrow_exception(first_failure);
    }
    std::vector<int> values;
    for (const std::optional<int>& value : results->values) {
        values.push_back(*value);
    }
    co_return values;
}

}  // namespace coop::lab06
