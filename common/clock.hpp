// The loop's sense of time.
//
// Two clocks, one interface. The virtual clock is what makes scenarios and
// tests deterministic: it stands still while callbacks run and only moves when
// the loop has nothing to do but wait (it then jumps straight to the next
// deadline) or when a task is `busy`. The real clock is steady_clock, and
// waiting or being busy really takes that long.
#pragma once

#include <chrono>
#include <cstdint>

namespace coop {

// Durations and points in time share one unit. A `Time` is the time elapsed
// since the clock was created, so the first event of every run happens at 0.
//
// The unit is the microsecond: fine enough for the real clock, and coarse
// enough that a 64-bit count holds 9.2 * 10^15 ms. A scenario is refused
// when its times could add up past 10^15 ms (common/scenario.cpp), so no
// sum of its times can wrap; nanoseconds would wrap after 9.2 * 10^12 ms.
using Duration = std::chrono::microseconds;
using Time = std::chrono::microseconds;

// The latest time a clock reaches; busy() and wait_until() stop there
// rather than wrap (a scenario never gets close, see above).
inline constexpr Time kEndOfTime = Time::max() / 2;

// Traces and scenarios speak in whole milliseconds.
inline std::int64_t whole_ms(Time t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t).count();
}

enum class ClockKind { Virtual, Real };

// How a run on the real clock stands for a simulated one: one simulated
// second lasts `real_per_second` of real time (`coop chess --scale`). Both
// directions go through std::chrono's own arithmetic, so neither side
// assumes the unit the other counts in: a Duration in microseconds and a
// steady_clock interval in nanoseconds convert correctly whatever those
// units are.
class TimeScale {
  public:
    explicit TimeScale(Duration real_per_second) : real_per_second_(real_per_second) {}

    Duration real_per_second() const { return real_per_second_; }

    // How long `simulated` lasts on the real clock.
    Duration to_real(Duration simulated) const {
        const double seconds = std::chrono::duration<double>(simulated) / std::chrono::seconds(1);
        return std::chrono::round<Duration>(seconds * real_per_second_);
    }

    // How much simulated time a real interval stands for.
    Duration to_simulated(std::chrono::nanoseconds real) const {
        const double seconds =
            std::chrono::duration<double>(real) / std::chrono::duration<double>(real_per_second_);
        return std::chrono::round<Duration>(std::chrono::duration<double>(seconds));
    }

  private:
    Duration real_per_second_;
};

class Clock {
  public:
    explicit Clock(ClockKind kind);

    ClockKind kind() const { return kind_; }
    // Inline: every timer asks for the time, and the virtual clock's answer
    // is a plain read.
    Time now() const { return kind_ == ClockKind::Virtual ? virtual_now_ : real_now(); }

    // Work that does not yield: the virtual clock moves forward by `d`, the
    // real clock blocks the whole thread for `d`. Either way nothing else runs.
    void busy(Duration d);

    // The loop has nothing to run before `deadline`. The virtual clock jumps
    // there at once; the real clock sleeps until then.
    void wait_until(Time deadline);

  private:
    Time real_now() const;

    ClockKind kind_;
    Time virtual_now_{0};
    std::chrono::steady_clock::time_point real_start_;
};

}  // namespace coop
