// WRONG (busy-waiting): see coroutines_timeout.cpp.
#include "labs/04-timeout/timeout.hpp"

#include <chrono>
#include <memory>
#include <utility>

#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"

namespace coop::lab04 {

using namespace std::chrono_literals;

namespace {

// However the caller leaves, the work does not outlive the wait.
class CancelOnExit {
  public:
    CancelOnExit(fibers::Runtime& rt, fibers::TaskHandle work) : rt_(rt), work_(work) {}
    CancelOnExit(const CancelOnExit&) = delete;
    CancelOnExit& operator=(const CancelOnExit&) = delete;
    ~CancelOnExit() { rt_.cancel(work_); }

  private:
    fibers::Runtime& rt_;
    fibers::TaskHandle work_;
};

}  // namespace

std::int64_t fibers_timeout(Duration limit, std::string name, std::function<std::int64_t()> work) {
    fibers::Runtime& rt = fibers::Runtime::current();
    auto value = std::make_shared<std::int64_t>(0);
    fibers::TaskHandle worker =
        rt.spawn(std::move(name), [work = std::move(work), value] { *value = work(); });
    const CancelOnExit cancel_on_exit(rt, worker);
    const Time deadline = rt.loop().now() + limit;
    while (!worker.done() && rt.loop().now() < deadline) {
        fibers::sleep(1s);  // look again in a second
    }
    if (!worker.done()) {
        rt.cancel(worker);
        try {
            fibers::join(worker);
        } catch (const fibers::JoinedTaskCancelled&) {
            throw TimedOut{};
        }
    }
    fibers::join(worker);  // the work's failure, if it failed
    return *value;
}

}  // namespace coop::lab04
