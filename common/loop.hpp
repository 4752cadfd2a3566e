// The event loop that every technique shares.
//
// It knows nothing about tasks: it runs callbacks. Each technique turns "a task
// waits for X" into "the loop calls this callback when X happens", in its own
// way. The loop is modelled on asyncio's BaseEventLoop._run_once:
//
//     ready queue   FIFO of callbacks that run in the next iteration
//     timers        ordered by (deadline, seq): equal deadlines fire in the
//                   order they were scheduled
//     watchers      one-shot "call me when this fd is readable/writable",
//                   kept in registration order
//
//   run_once():
//     1. timeout = 0 if anything is ready, else until the earliest timer,
//        else forever if watchers exist, else: nothing left, stop.
//     2. wait for I/O at most that long (the virtual clock jumps instead);
//        ready watchers' callbacks join the ready queue.
//     3. due timers join the ready queue, in (deadline, seq) order.
//     4. run exactly the callbacks that are ready now; what they schedule
//        waits for the next iteration.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include <poll.h>

#include "common/clock.hpp"

namespace coop {

// A callback the loop will call once. Techniques capture a pointer or a
// coroutine handle: small enough for std::function to store without
// allocating, which keeps a yield free of heap traffic.
using Callback = std::function<void()>;

// Identifies a scheduled timer, so that it can be cancelled. It is also the
// timer queue's sort key: deadline first, then the order of scheduling.
struct TimerId {
    Time deadline{};
    std::uint64_t seq = 0;
    auto operator<=>(const TimerId&) const = default;
};

enum class Interest { Readable, Writable };

struct WatchId {
    std::uint64_t id = 0;
    bool operator==(const WatchId&) const = default;
};

class Loop {
  public:
    explicit Loop(ClockKind clock = ClockKind::Virtual);
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    Time now() const { return clock_.now(); }
    ClockKind clock_kind() const { return clock_.kind(); }

    // Run `cb` in the next iteration, after everything already scheduled.
    void call_soon(Callback cb);

    // Run `cb` in the first iteration at or after `deadline`.
    TimerId call_at(Time deadline, Callback cb);
    TimerId call_later(Duration delay, Callback cb);

    // Removes a timer that has not fired yet; returns false if it already
    // fired or was cancelled. A removed timer neither runs nor keeps the loop
    // (or the virtual clock) going.
    bool cancel_timer(TimerId id);

    // Run `cb` once, in the first iteration in which `fd` is ready for
    // `interest` (or has an error or hang-up: the callback then finds out by
    // reading or writing). The watcher is removed when it fires.
    WatchId watch(int fd, Interest interest, Callback cb);
    bool unwatch(WatchId id);

    // Work that does not give control back: see Clock::busy.
    void busy(Duration d) { clock_.busy(d); }

    // Iterate until nothing is left (no ready callbacks, timers or watchers)
    // or stop() is called. stop() lets the current iteration finish.
    void run();
    void stop() { stop_requested_ = true; }

    // One iteration; returns false when there was nothing left to do.
    bool run_once();

    bool has_work() const { return !ready_.empty() || !timers_.empty() || !watchers_.empty(); }
    std::size_t ready_count() const { return ready_.size(); }
    std::size_t timer_count() const { return timers_.size(); }
    std::size_t watcher_count() const { return watchers_.size(); }

    // Drops every pending callback, timer and watcher without running them.
    // A technique calls it when it abandons its tasks (after stop(), or when
    // destroying suspended tasks), so nothing is left pointing at them.
    void clear();

  private:
    struct Watcher {
        WatchId id;
        int fd;
        Interest interest;
        Callback callback;
    };

    void poll_watchers(int timeout_ms);
    void move_due_timers_to_ready();

    Clock clock_;
    std::vector<Callback> ready_;
    std::vector<Callback> running_;  // the batch of step 4, reused each time
    std::map<TimerId, Callback> timers_;
    std::uint64_t next_timer_seq_ = 0;
    std::vector<Watcher> watchers_;
    std::vector<pollfd> pollfds_;  // reused each time
    std::uint64_t next_watch_id_ = 1;
    bool stop_requested_ = false;
};

}  // namespace coop
