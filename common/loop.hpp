// The event loop that every technique shares.
//
// It knows nothing about tasks: it runs Runnables. Each technique turns "a
// task waits for X" into "the loop runs this task when X happens", in its own
// way. The loop is modelled on asyncio's BaseEventLoop._run_once:
//
//     ready queue   FIFO of Runnables that run in the next iteration
//     timers        a queue ordered by (deadline, seq): equal deadlines
//                   fire in the order they were scheduled (a radix heap,
//                   common/timer_queue.hpp)
//     watchers      one-shot "run me when this fd is readable/writable",
//                   kept in registration order
//
//   run_once():
//     1. timeout = 0 if anything is ready, else until the earliest timer,
//        else forever if watchers exist, else: nothing left, stop.
//     2. wait for I/O at most that long (the virtual clock jumps instead);
//        ready watchers' Runnables join the ready queue.
//     3. due timers join the ready queue, in (deadline, seq) order.
//     4. run exactly the Runnables that are ready now; what they schedule
//        waits for the next iteration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include <poll.h>

#include "common/clock.hpp"
#include "common/loop_observer.hpp"
#include "common/timer_queue.hpp"

namespace coop {

// What the loop runs: the entries of its ready queue, its timers and its
// watchers are Runnables, as asyncio's are Handles. Every technique's task
// record is one, so a yield or a wake-up puts a pointer to the task in the
// ready queue and nothing else: no closure is built, moved or destroyed.
class Runnable {
  public:
    // Called once for each call_soon, call_at or watch that scheduled it.
    virtual void run() = 0;
    // The loop gives it up without running it: its timer was cancelled, its
    // watcher removed, or the loop cleared. A task has nothing to do here
    // (its runtime keeps its own books); a Callback is destroyed.
    virtual void drop() {}

  protected:
    Runnable() = default;
    Runnable(const Runnable&) = default;
    Runnable& operator=(const Runnable&) = default;
    ~Runnable() = default;
};

// Any other callback the loop will call once. The loop keeps it in a
// Runnable of its own, taken from a pool, so that once the pool has grown
// scheduling a callback allocates nothing (as long as std::function can
// store it in place: a pointer or two captured, say).
using Callback = std::function<void()>;

// Identifies a scheduled timer, so that it can be cancelled: the slot that
// holds it in the loop, and which use of that slot (slots are reused once
// their timer has fired or been cancelled; the count wraps after 2^32 uses
// of one slot, far beyond how long anyone keeps an old TimerId).
struct TimerId {
    std::uint32_t slot = 0;
    std::uint32_t generation = 0;
    bool operator==(const TimerId&) const = default;
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

    // Run `r` (or `cb`) in the next iteration, after everything already
    // scheduled.
    void call_soon(Runnable& r) { ready_.push_back(&r); }
    void call_soon(Callback cb);

    // Run `r` (or `cb`) in the first iteration at or after `deadline`.
    TimerId call_at(Time deadline, Runnable& r);
    TimerId call_at(Time deadline, Callback cb);
    TimerId call_later(Duration delay, Runnable& r) { return call_at(now() + delay, r); }
    TimerId call_later(Duration delay, Callback cb);

    // Removes a timer that has not fired yet; returns false if it already
    // fired or was cancelled. A removed timer neither runs nor keeps the loop
    // (or the virtual clock) going.
    bool cancel_timer(TimerId id);

    // Run `r` (or `cb`) once, in the first iteration in which `fd` is ready
    // for `interest` (or has an error or hang-up: it then finds out by
    // reading or writing). The watcher is removed when it fires.
    WatchId watch(int fd, Interest interest, Runnable& r);
    WatchId watch(int fd, Interest interest, Callback cb);
    bool unwatch(WatchId id);

    // Work that does not give control back: see Clock::busy.
    void busy(Duration d) { clock_.busy(d); }

    // Iterate until nothing is left (nothing ready, no timers or watchers)
    // or stop() is called. stop() lets the current iteration finish.
    void run();
    void stop() { stop_requested_ = true; }

    // One iteration; returns false when there was nothing left to do.
    bool run_once();

    bool has_work() const { return !ready_.empty() || live_timers_ > 0 || !watchers_.empty(); }
    std::size_t ready_count() const { return ready_.size(); }
    std::size_t timer_count() const { return live_timers_; }
    std::size_t watcher_count() const { return watchers_.size(); }

    // --- for an observer (common/loop_observer.hpp) ---------------------------
    // Tells `observer` each step from now on (nullptr: no one).
    void observe(LoopObserver* observer) { observer_ = observer; }
    LoopObserver* observer() const { return observer_; }
    // Iterations that found work, this one included.
    std::uint64_t iteration() const { return iterations_; }
    // What the loop will run, in the order it will run it. During step 4:
    // the rest of the batch (its first is the one about to run), then the
    // ready queue, which waits for the next iteration. Before step 4 the
    // batch is empty and the ready queue is what step 4 will run.
    std::vector<const Runnable*> batch_in_order() const;
    std::vector<const Runnable*> next_iteration_in_order() const;
    struct TimerView {
        Time deadline;
        std::uint64_t seq;
        const Runnable* runnable;
    };
    // The live timers in the order they fire: (deadline, seq).
    std::vector<TimerView> timers_in_order() const;
    struct WatcherView {
        WatchId id;
        int fd;
        Interest interest;
        const Runnable* runnable;
    };
    // The fd watchers, in registration order.
    std::vector<WatcherView> watchers_in_order() const;

    // Drops everything scheduled (ready, timers, watchers) without running
    // it, telling each Runnable (drop()): so they must still exist. A
    // technique calls it when it abandons its tasks (after stop(), or before
    // destroying suspended tasks), so nothing is left pointing at them.
    void clear();

  private:
    // A Callback waiting in the loop, in one of the pooled Runnables.
    class CallbackRunnable final : public Runnable {
      public:
        explicit CallbackRunnable(Loop& loop) : loop_(loop) {}
        void run() override;
        void drop() override;
        Callback callback;

      private:
        Loop& loop_;
    };

    // The timers are in a TimerQueue (common/timer_queue.hpp): small
    // entries ordered by (deadline, seq), in vectors reused as timers come
    // and go; what to run is in the entry's slot. Cancelling
    // a timer empties its slot and leaves the entry in the queue (lazy
    // cancellation, as in asyncio): it is thrown away when it becomes the
    // earliest, or all at once when cancelled entries outnumber live ones.
    struct TimerSlot {
        Runnable* runnable = nullptr;  // nullptr: free, or cancelled
        std::uint32_t generation = 0;  // which use of the slot a TimerId names
    };
    struct Watcher {
        WatchId id;
        int fd;
        Interest interest;
        Runnable* runnable;
    };

    Runnable& keep(Callback cb);
    void free_timer_slot(std::uint32_t slot);
    void discard_cancelled_timers();
    void remove_cancelled_timers();
    void poll_watchers(int timeout_ms);
    void move_due_timers_to_ready();
    void end_batch(std::size_t ran);

    Clock clock_;
    // The ready queue. During step 4 its first batch_end_ entries are the
    // batch being run; what they schedule comes after. Step 4 runs the batch
    // in place and then erases it, rather than swapping in a second vector:
    // the swap copies the vectors' pointers 16 bytes at a time right after
    // push_back wrote them 8 bytes at a time, and the processor stalls
    // waiting for those stores (measured: a fifth of a channel ping-pong).
    std::vector<Runnable*> ready_;
    TimerQueue timers_;
    std::vector<TimerSlot> timer_slots_;
    std::vector<std::uint32_t> free_timer_slots_;
    std::size_t live_timers_ = 0;  // scheduled and neither fired nor cancelled
    std::uint64_t next_timer_seq_ = 0;
    std::vector<Watcher> watchers_;
    std::vector<pollfd> pollfds_;  // reused each time
    std::uint64_t next_watch_id_ = 1;
    std::deque<CallbackRunnable> callbacks_;  // the pool (a deque: stable addresses)
    std::vector<CallbackRunnable*> free_callbacks_;
    bool stop_requested_ = false;
    LoopObserver* observer_ = nullptr;
    std::uint64_t iterations_ = 0;
    std::size_t batch_end_ = 0;   // in ready_: the end of step 4's batch (0 outside step 4)
    std::size_t batch_next_ = 0;  // in ready_: the next Runnable step 4 runs
};

}  // namespace coop
