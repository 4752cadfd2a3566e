// WRONG (a hard-coded outcome): see callbacks_timeout.cpp.
#include "labs/04-timeout/timeout.hpp"

#include <memory>
#include <utility>

#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"

namespace coop::lab04 {

namespace {

// The alarm cancels the work when it rings. However the caller leaves (with
// the value, with an exception, or cancelled: its stack unwinds through this
// destructor), the alarm is removed and the work does not outlive the wait.
class Race {
  public:
    Race(fibers::Runtime& rt, fibers::TaskHandle work, Duration limit)
        : rt_(rt), work_(work), alarm_(rt.loop().call_later(limit, [this] { ring(); })) {}
    Race(const Race&) = delete;
    Race& operator=(const Race&) = delete;
    ~Race() {
        rt_.loop().cancel_timer(alarm_);
        rt_.cancel(work_);
    }

    bool alarm_rang() const { return rang_; }

  private:
    void ring() {
        rang_ = true;
        rt_.cancel(work_);
    }

    fibers::Runtime& rt_;
    fibers::TaskHandle work_;
    bool rang_ = false;
    TimerId alarm_;
};

}  // namespace

std::int64_t fibers_timeout(Duration limit, std::string name, std::function<std::int64_t()> work) {
    fibers::Runtime& rt = fibers::Runtime::current();
    // The work's task writes its value here; shared, since that task has a
    // life of its own.
    auto value = std::make_shared<std::int64_t>(0);
    fibers::TaskHandle worker =
        rt.spawn(std::move(name), [work = std::move(work), value] { *value = work(); });
    Race race(rt, worker, limit);
    try {
        fibers::join(worker);
    } catch (const fibers::JoinedTaskCancelled&) {
        throw TimedOut{};  // whoever cancelled it
    }
    return *value;
}

}  // namespace coop::lab04
