// Which runtime, and which of its tasks, runs now on this thread: how the
// suspension points that find their own task (coroutines' awaiters, fibers'
// plain functions) know whom they suspend, the way asyncio's awaitables
// find the running loop and current_task().
//
// A runtime makes one RunningTask around the switch into a task; the
// previous pair comes back when it goes, so that a task may run a loop of
// its own (a nested runtime) and still find itself afterwards.
#pragma once

#include <cassert>
#include <utility>

namespace coop {

template <class Runtime, class Record>
class RunningTask {
  public:
    RunningTask(Runtime& runtime, Record* task)
        : outer_runtime_(std::exchange(runtime_, &runtime)),
          outer_task_(std::exchange(task_, task)) {}
    ~RunningTask() {
        runtime_ = outer_runtime_;
        task_ = outer_task_;
    }
    RunningTask(const RunningTask&) = delete;
    RunningTask& operator=(const RunningTask&) = delete;

    static Runtime& runtime() {
        assert(runtime_ != nullptr && "a suspension point outside a task of its technique");
        return *runtime_;
    }
    static Record& task() {
        assert(task_ != nullptr);
        return *task_;
    }

  private:
    static inline thread_local Runtime* runtime_ = nullptr;
    static inline thread_local Record* task_ = nullptr;
    Runtime* outer_runtime_;
    Record* outer_task_;
};

}  // namespace coop
