#include "common/loop.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <utility>

namespace coop {

Loop::Loop(ClockKind clock) : clock_(clock) {}

void Loop::call_soon(Callback cb) {
    ready_.push_back(std::move(cb));
}

TimerId Loop::call_at(Time deadline, Callback cb) {
    TimerId id{deadline, next_timer_seq_++};
    timers_.emplace(id, std::move(cb));
    return id;
}

TimerId Loop::call_later(Duration delay, Callback cb) {
    return call_at(now() + delay, std::move(cb));
}

bool Loop::cancel_timer(TimerId id) {
    return timers_.erase(id) == 1;
}

WatchId Loop::watch(int fd, Interest interest, Callback cb) {
    WatchId id{next_watch_id_++};
    watchers_.push_back(Watcher{id, fd, interest, std::move(cb)});
    return id;
}

bool Loop::unwatch(WatchId id) {
    auto it = std::find_if(watchers_.begin(), watchers_.end(),
                           [id](const Watcher& w) { return w.id == id; });
    if (it == watchers_.end()) {
        return false;
    }
    watchers_.erase(it);
    return true;
}

void Loop::run() {
    stop_requested_ = false;
    while (!stop_requested_ && run_once()) {
    }
}

bool Loop::run_once() {
    // Step 1: how long may this iteration wait?
    if (!has_work()) {
        return false;
    }
    const bool must_not_wait = !ready_.empty();

    // Step 2: wait for I/O, or for the earliest timer.
    if (!watchers_.empty()) {
        int timeout_ms = -1;  // only watchers: wait for as long as it takes
        if (must_not_wait) {
            timeout_ms = 0;
        } else if (!timers_.empty()) {
            // The virtual clock never waits for real: it asks the OS what is
            // ready now, and if nothing is, jumps to the deadline below.
            const Duration left = timers_.begin()->first.deadline - now();
            timeout_ms = clock_.kind() == ClockKind::Virtual
                             ? 0
                             : static_cast<int>(std::max<std::int64_t>(
                                   0, std::chrono::ceil<std::chrono::milliseconds>(left).count()));
        }
        poll_watchers(timeout_ms);
    }
    if (ready_.empty() && !timers_.empty()) {
        clock_.wait_until(timers_.begin()->first.deadline);
    }

    // Step 3: timers that are due join the ready queue, earliest (then
    // oldest) first.
    move_due_timers_to_ready();

    // Step 4: run exactly what is ready now. Swapping the queue out means
    // that whatever these callbacks schedule lands in the fresh ready_ and
    // waits for the next iteration. This is the only place where the loop
    // calls back into tasks.
    std::swap(ready_, running_);
    std::size_t i = 0;
    try {
        for (; i < running_.size(); ++i) {
            running_[i]();
        }
    } catch (...) {
        // Keep the callbacks this batch did not get to, ahead of newer ones.
        ready_.insert(ready_.begin(), std::make_move_iterator(running_.begin() + i + 1),
                      std::make_move_iterator(running_.end()));
        running_.clear();
        throw;
    }
    running_.clear();
    return true;
}

void Loop::move_due_timers_to_ready() {
    const Time t = now();
    while (!timers_.empty() && timers_.begin()->first.deadline <= t) {
        auto first = timers_.begin();
        ready_.push_back(std::move(first->second));
        timers_.erase(first);
    }
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
            ready_.push_back(std::move(watchers_[i].callback));
        } else {
            if (kept != i) {
                watchers_[kept] = std::move(watchers_[i]);
            }
            ++kept;
        }
    }
    watchers_.erase(watchers_.begin() + static_cast<std::ptrdiff_t>(kept), watchers_.end());
}

void Loop::clear() {
    ready_.clear();
    timers_.clear();
    watchers_.clear();
}

}  // namespace coop
