#include "common/clock.hpp"

#include <algorithm>
#include <thread>

namespace coop {

namespace {
constexpr Duration kCentury = std::chrono::hours(24 * 365 * 100);
}  // namespace

Clock::Clock(ClockKind kind) : kind_(kind), real_start_(std::chrono::steady_clock::now()) {}

Time Clock::real_now() const {
    return std::chrono::duration_cast<Time>(std::chrono::steady_clock::now() - real_start_);
}

void Clock::busy(Duration d) {
    if (d <= Duration::zero()) {
        return;
    }
    if (kind_ == ClockKind::Virtual) {
        virtual_now_ = d < kEndOfTime - virtual_now_ ? virtual_now_ + d : kEndOfTime;
    } else {
        // Deliberately a blocking sleep: this is the "synchronous call in an
        // asynchronous program" that stops every other task.
        std::this_thread::sleep_for(std::min(d, kCentury));
    }
}

void Clock::wait_until(Time deadline) {
    if (kind_ == ClockKind::Virtual) {
        if (deadline > virtual_now_) {
            virtual_now_ = std::min(deadline, kEndOfTime);
        }
    } else {
        // steady_clock counts nanoseconds: a far deadline (up to 10^15 ms on
        // the real clock) is cut to a century rather than wrapped.
        std::this_thread::sleep_until(real_start_ + std::min(deadline, kCentury));
    }
}

}  // namespace coop
