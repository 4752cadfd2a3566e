// WRONG (busy-waiting): instead of joining the work and letting an alarm
// cancel it, the caller wakes every second to look whether the work is done
// or the limit has passed. When everything happens on whole seconds the
// outcomes come out right; but the caller goes on every second where it
// should go on once, and hears of a work cancelled by someone else up to a
// second late. (Callbacks and generators are the solution's.)
#include "labs/04-timeout/timeout.hpp"

#include <chrono>
#include <utility>

#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"

namespace coop::lab04 {

using namespace std::chrono_literals;

namespace {

// However the caller leaves, the work does not outlive the wait.
class CancelOnExit {
  public:
    CancelOnExit(coroutines::Runtime& rt, coroutines::TaskHandle work) : rt_(rt), work_(work) {}
    CancelOnExit(const CancelOnExit&) = delete;
    CancelOnExit& operator=(const CancelOnExit&) = delete;
    ~CancelOnExit() { rt_.cancel(work_); }

  private:
    coroutines::Runtime& rt_;
    coroutines::TaskHandle work_;
};

}  // namespace

coroutines::Task<std::int64_t> coroutines_timeout(Duration limit, std::string name,
                                                  coroutines::Task<std::int64_t> work) {
    coroutines::Runtime& rt = coroutines::Runtime::current();
    coroutines::Spawned<std::int64_t> worker =
        coroutines::spawn_with_result(rt, std::move(name), std::move(work));
    const CancelOnExit cancel_on_exit(rt, worker.handle);
    const Time deadline = rt.loop().now() + limit;
    while (!worker.handle.done() && rt.loop().now() < deadline) {
        co_await coroutines::sleep(1s);  // look again in a second
    }
    if (!worker.handle.done()) {
        rt.cancel(worker.handle);
        try {
            co_await coroutines::join(worker);
        } catch (const coroutines::JoinedTaskCancelled&) {
            throw TimedOut{};
        }
    }
    co_return co_await coroutines::join(worker);
}

}  // namespace coop::lab04
