// WRONG (a hard-coded outcome): see callbacks_timeout.cpp.
#include "labs/04-timeout/timeout.hpp"

#include <utility>

#include "coroutines/runtime.hpp"

namespace coop::lab04 {

namespace {

// The race, as a local of the waiting coroutine. The alarm cancels the work
// when it rings. However the coroutine leaves (with the value, with an
// exception, or cancelled itself), the destructor removes the alarm and
// cancels the work if it still runs: neither outlives the wait.
class Race {
  public:
    Race(coroutines::Runtime& rt, coroutines::TaskHandle work, Duration limit)
        : rt_(rt), work_(work), alarm_(rt.loop().call_later(limit, [this] { ring(); })) {}
    Race(const Race&) = delete;
    Race& operator=(const Race&) = delete;
    ~Race() {
        rt_.loop().cancel_timer(alarm_);  // false if it rang: nothing to remove
        rt_.cancel(work_);                // nothing happens to a finished task
    }

    bool alarm_rang() const { return rang_; }

  private:
    void ring() {
        rang_ = true;
        rt_.cancel(work_);
    }

    coroutines::Runtime& rt_;
    coroutines::TaskHandle work_;
    bool rang_ = false;
    TimerId alarm_;
};

}  // namespace

coroutines::Task<std::int64_t> coroutines_timeout(Duration limit, std::string name,
                                                  coroutines::Task<std::int64_t> work) {
    coroutines::Runtime& rt = coroutines::Runtime::current();
    coroutines::Spawned<std::int64_t> worker =
        coroutines::spawn_with_result(rt, std::move(name), std::move(work));
    Race race(rt, worker.handle, limit);
    try {
        co_return co_await coroutines::join(worker);
    } catch (const coroutines::JoinedTaskCancelled&) {
        throw TimedOut{};  // whoever cancelled it
    }
}

}  // namespace coop::lab04
