#include "common/clock.hpp"

#include <thread>

namespace coop {

Clock::Clock(ClockKind kind) : kind_(kind), real_start_(std::chrono::steady_clock::now()) {}

Time Clock::real_now() const {
    return std::chrono::duration_cast<Time>(std::chrono::steady_clock::now() - real_start_);
}

void Clock::busy(Duration d) {
    if (d <= Duration::zero()) {
        return;
    }
    if (kind_ == ClockKind::Virtual) {
        virtual_now_ += d;
    } else {
        // Deliberately a blocking sleep: this is the "synchronous call in an
        // asynchronous program" that stops every other task.
        std::this_thread::sleep_for(d);
    }
}

void Clock::wait_until(Time deadline) {
    if (kind_ == ClockKind::Virtual) {
        if (deadline > virtual_now_) {
            virtual_now_ = deadline;
        }
    } else {
        std::this_thread::sleep_until(real_start_ + deadline);
    }
}

}  // namespace coop
