#include "common/loop.hpp"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <system_error>
#include <utility>

namespace coop {

Loop::Loop(ClockKind clock) : clock_(clock) {}

// --- callbacks: std::functions kept in pooled Runnables --------------------

Runnable& Loop::keep(Callback cb) {
    if (free_callbacks_.empty()) {
        callbacks_.emplace_back(*this);
        // Room for every handle, so that giving one back never allocates.
        if (free_callbacks_.capacity() < callbacks_.size()) {
            free_callbacks_.reserve(2 * callbacks_.size());
        }
        free_callbacks_.push_back(&callbacks_.back());
    }
    CallbackRunnable* r = free_callbacks_.back();
    free_callbacks_.pop_back();
    r->callback = std::move(cb);
    return *r;
}

void Loop::CallbackRunnable::run() {
    // Back in the pool before the callback runs, which may schedule itself again.
    Callback cb = std::move(callback);
    callback = nullptr;
    loop_.free_callbacks_.push_back(this);
    cb();
}

void Loop::CallbackRunnable::drop() {
    callback = nullptr;  // what the callback captured is destroyed now
    loop_.free_callbacks_.push_back(this);
}

void Loop::call_soon(Callback cb) {
    call_soon(keep(std::move(cb)));
}

TimerId Loop::call_at(Time deadline, Callback cb) {
    return call_at(deadline, keep(std::move(cb)));
}

TimerId Loop::call_later(Duration delay, Callback cb) {
    return call_at(now() + delay, keep(std::move(cb)));
}

WatchId Loop::watch(int fd, Interest interest, Callback cb) {
    return watch(fd, interest, keep(std::move(cb)));
}

// --- timers ------------------------------------------------------------------

TimerId Loop::call_at(Time deadline, Runnable& r) {
    std::uint32_t slot = 0;
    if (free_timer_slots_.empty()) {
        slot = static_cast<std::uint32_t>(timer_slots_.size());
        timer_slots_.emplace_back();
    } else {
        slot = free_timer_slots_.back();
        free_timer_slots_.pop_back();
    }
    timer_slots_[slot].runnable = &r;
    timers_.add(TimerEntry{deadline, next_timer_seq_++, slot});
    ++live_timers_;
    return TimerId{slot, timer_slots_[slot].generation};
}

bool Loop::cancel_timer(TimerId id) {
    if (id.slot >= timer_slots_.size()) {
        return false;
    }
    TimerSlot& slot = timer_slots_[id.slot];
    if (slot.generation != id.generation || slot.runnable == nullptr) {
        return false;  // it fired or was cancelled (the slot may hold a newer timer)
    }
    std::exchange(slot.runnable, nullptr)->drop();
    --live_timers_;
    // Lazy cancellation leaves the entry in the queue. Should cancelled
    // entries come to outnumber live ones, they all go at once, so that a
    // program that keeps cancelling far-off timers does not grow the queue.
    const std::size_t cancelled = timers_.size() - live_timers_;
    if (cancelled > 64 && cancelled > live_timers_) {
        remove_cancelled_timers();
    }
    return true;
}

void Loop::free_timer_slot(std::uint32_t slot) {
    timer_slots_[slot].runnable = nullptr;
    ++timer_slots_[slot].generation;  // a TimerId of the old use no longer matches
    free_timer_slots_.push_back(slot);
}

void Loop::discard_cancelled_timers() {
    while (!timers_.empty() && timer_slots_[timers_.earliest().slot].runnable == nullptr) {
        free_timer_slot(timers_.take_earliest().slot);
    }
}

void Loop::remove_cancelled_timers() {
    timers_.remove_if([this](const TimerEntry& entry) {
        if (timer_slots_[entry.slot].runnable != nullptr) {
            return false;
        }
        free_timer_slot(entry.slot);
        return true;
    });
}

void Loop::move_due_timers_to_ready() {
    const Time t = now();
    while (!timers_.empty() && timers_.earliest().deadline <= t) {
        const TimerEntry due = timers_.take_earliest();
        if (Runnable* r = timer_slots_[due.slot].runnable) {
            ready_.push_back(r);
            --live_timers_;
        }
        free_timer_slot(due.slot);
    }
    if (!timers_.empty()) {
        // The next timer to fire is known now. Its slot and the Runnable it
        // will run lie anywhere in memory as large as the timers are many:
        // read the slot and ask for the Runnable now, so that those cache
        // misses overlap this iteration's work and not stall the next one.
        __builtin_prefetch(timer_slots_[timers_.earliest().slot].runnable);
    }
}

// --- watchers ----------------------------------------------------------------

WatchId Loop::watch(int fd, Interest interest, Runnable& r) {
    WatchId id{next_watch_id_++};
    watchers_.push_back(Watcher{id, fd, interest, &r});
    return id;
}

bool Loop::unwatch(WatchId id) {
    auto it = std::find_if(watchers_.begin(), watchers_.end(),
                           [id](const Watcher& w) { return w.id == id; });
    if (it == watchers_.end()) {
        return false;
    }
    Runnable* r = it->runnable;
    watchers_.erase(it);
    r->drop();
    return true;
}

void Loop::poll_watchers(int timeout_ms) {
    pollfds_.clear();
    for (const Watcher& w : watchers_) {
        const short events = w.interest == Interest::Readable ? POLLIN : POLLOUT;
        pollfds_.push_back(pollfd{w.fd, events, 0});
    }
    int n = 0;
    do {
        n = ::poll(pollfds_.data(), pollfds_.size(), timeout_ms);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        throw std::system_error(errno, std::generic_category(), "poll");
    }
    if (n == 0) {
        return;
    }
    // Ready watchers fire in registration order: walk both vectors together
    // and keep the ones that must wait longer.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < watchers_.size(); ++i) {
        if (pollfds_[i].revents != 0) {
            ready_.push_back(watchers_[i].runnable);
        } else {
            watchers_[kept++] = watchers_[i];
        }
    }
    watchers_.resize(kept);
}

// --- the loop ----------------------------------------------------------------

void Loop::run() {
    stop_requested_ = false;
    while (!stop_requested_ && run_once()) {
    }
}

bool Loop::run_once() {
    // Step 1: how long may this iteration wait?
    if (!has_work()) {
        if (observer_ != nullptr) {
            observer_->loop_step(*this, LoopStep::OutOfWork);
        }
        return false;
    }
    ++iterations_;
    if (observer_ != nullptr) {
        observer_->loop_step(*this, LoopStep::NewIteration);
    }
    const bool must_not_wait = !ready_.empty();
    discard_cancelled_timers();  // so that the earliest timer is a live one

    // Step 2: wait for I/O, or for the earliest timer.
    if (!watchers_.empty()) {
        int timeout_ms = -1;  // only watchers: wait for as long as it takes
        if (must_not_wait) {
            timeout_ms = 0;
        } else if (live_timers_ > 0) {
            // The virtual clock never waits for real: it asks the OS what is
            // ready now, and if nothing is, jumps to the deadline below.
            const Duration left = timers_.earliest().deadline - now();
            timeout_ms = clock_.kind() == ClockKind::Virtual
                             ? 0
                             : static_cast<int>(std::max<std::int64_t>(
                                   0, std::chrono::ceil<std::chrono::milliseconds>(left).count()));
        }
        poll_watchers(timeout_ms);
        if (observer_ != nullptr) {
            observer_->loop_step(*this, LoopStep::IoPolled);
        }
    }
    if (ready_.empty() && live_timers_ > 0) {
        clock_.wait_until(timers_.earliest().deadline);
    }

    // Step 3: timers that are due join the ready queue, earliest (then
    // oldest) first.
    const std::size_t timers_before = live_timers_;
    move_due_timers_to_ready();
    if (observer_ != nullptr && live_timers_ != timers_before) {
        observer_->loop_step(*this, LoopStep::TimersDue);
    }

    // Step 4: run exactly what is ready now: the first `batch_end` entries
    // of the ready queue (asyncio's `ntodo`). Whatever they schedule is
    // appended after them and waits for the next iteration. This is the only
    // place where the loop calls back into tasks.
    const std::size_t batch_end = ready_.size();
    batch_end_ = batch_end;
    std::size_t i = 0;
    try {
        for (; i < batch_end; ++i) {
            if (observer_ != nullptr) {
                batch_next_ = i;  // (a local otherwise: the hot path stays in registers)
                observer_->loop_step(*this, LoopStep::Runs);
            }
            ready_[i]->run();
        }
    } catch (...) {
        // The Runnables this batch did not get to stay ahead of newer ones.
        end_batch(i + 1);
        throw;
    }
    end_batch(batch_end);
    return true;
}

// The batch's first `ran` entries have run: they leave the ready queue.
void Loop::end_batch(std::size_t ran) {
    ready_.erase(ready_.begin(), ready_.begin() + static_cast<std::ptrdiff_t>(ran));
    batch_end_ = 0;
    batch_next_ = 0;
}

// --- what an observer reads --------------------------------------------------

std::vector<const Runnable*> Loop::batch_in_order() const {
    std::vector<const Runnable*> result;
    for (std::size_t i = batch_next_; i < batch_end_; ++i) {
        result.push_back(ready_[i]);
    }
    return result;
}

std::vector<const Runnable*> Loop::next_iteration_in_order() const {
    return {ready_.begin() + static_cast<std::ptrdiff_t>(batch_end_), ready_.end()};
}

std::vector<Loop::TimerView> Loop::timers_in_order() const {
    std::vector<TimerView> result;
    for (const TimerEntry& entry : timers_.in_order()) {
        if (const Runnable* r = timer_slots_[entry.slot].runnable) {  // not cancelled
            result.push_back(TimerView{entry.deadline, entry.seq, r});
        }
    }
    return result;
}

std::vector<Loop::WatcherView> Loop::watchers_in_order() const {
    std::vector<WatcherView> result;
    for (const Watcher& w : watchers_) {
        result.push_back(WatcherView{w.id, w.fd, w.interest, w.runnable});
    }
    return result;
}

void Loop::clear() {
    assert(batch_end_ == 0 && "Loop::clear() is not for a Runnable: call it between iterations");
    for (Runnable* r : ready_) {
        r->drop();
    }
    ready_.clear();
    timers_.remove_if([this](const TimerEntry& entry) {
        if (Runnable* r = timer_slots_[entry.slot].runnable) {
            r->drop();
        }
        free_timer_slot(entry.slot);
        return true;
    });
    live_timers_ = 0;
    for (const Watcher& w : watchers_) {
        w.runnable->drop();
    }
    watchers_.clear();
}

}  // namespace coop
