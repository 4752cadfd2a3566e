// The loop's timer queue (common/timer_queue.hpp), on its own, against a
// reference: the same timers sorted by (deadline, seq).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <tuple>
#include <vector>

#include "common/timer_queue.hpp"

namespace coop::test {

namespace {

bool same_timer(const TimerEntry& a, const TimerEntry& b) {
    return a.deadline == b.deadline && a.seq == b.seq && a.slot == b.slot;
}

// The order the loop promises, written out on its own rather than taken
// from timer_queue.hpp: by deadline, then by seq.
bool earlier(const TimerEntry& a, const TimerEntry& b) {
    return std::tie(a.deadline, a.seq) < std::tie(b.deadline, b.seq);
}

// The reference: every timer the queue should hold, kept sorted.
class SortedTimers {
  public:
    void add(const TimerEntry& timer) {
        timers_.insert(std::upper_bound(timers_.begin(), timers_.end(), timer, earlier), timer);
    }
    const TimerEntry& earliest() const { return timers_.front(); }
    void take_earliest() { timers_.erase(timers_.begin()); }
    void remove_slot(std::uint32_t slot) {
        std::erase_if(timers_, [slot](const TimerEntry& t) { return t.slot == slot; });
    }
    const std::vector<TimerEntry>& all() const { return timers_; }

  private:
    std::vector<TimerEntry> timers_;
};

bool same_order(const std::vector<TimerEntry>& a, const std::vector<TimerEntry>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), same_timer);
}

}  // namespace

TEST_CASE("equal deadlines come out in the order they were added") {
    TimerQueue queue;
    queue.add(TimerEntry{Time{5}, 0, 10});
    queue.add(TimerEntry{Time{3}, 1, 11});
    queue.add(TimerEntry{Time{5}, 2, 12});
    queue.add(TimerEntry{Time{3}, 3, 13});
    std::vector<std::uint32_t> slots;
    while (!queue.empty()) {
        slots.push_back(queue.take_earliest().slot);
    }
    CHECK(slots == std::vector<std::uint32_t>{11, 13, 10, 12});
}

TEST_CASE("a timer earlier than one already taken off still comes out in order") {
    TimerQueue queue;
    queue.add(TimerEntry{Time{100}, 0, 0});
    queue.add(TimerEntry{Time{200}, 1, 1});
    CHECK(queue.take_earliest().slot == 0);
    // Deadlines in the past, and before the timer just taken off.
    queue.add(TimerEntry{Time{50}, 2, 2});
    queue.add(TimerEntry{Time{-7}, 3, 3});
    queue.add(TimerEntry{Time{100}, 4, 4});
    queue.add(TimerEntry{Time{50}, 5, 5});
    CHECK(queue.size() == 5);
    CHECK(queue.earliest().slot == 3);
    std::vector<std::uint32_t> slots;
    while (!queue.empty()) {
        slots.push_back(queue.take_earliest().slot);
    }
    CHECK(slots == std::vector<std::uint32_t>{3, 2, 5, 4, 1});
}

TEST_CASE("looking at the earliest timer does not let a nearer one be missed") {
    TimerQueue queue;
    queue.add(TimerEntry{Time{1'000'000}, 0, 0});
    CHECK(queue.earliest().slot == 0);  // brings it to the front
    queue.add(TimerEntry{Time{10}, 1, 1});
    CHECK(queue.earliest().slot == 1);
    CHECK(queue.take_earliest().slot == 1);
    CHECK(queue.take_earliest().slot == 0);
    CHECK(queue.empty());
}

TEST_CASE("random adds, takes and removals match a sorted reference") {
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        CAPTURE(seed);
        std::mt19937 random(seed);
        // A few distinct deadlines, so that ties are common; some far apart.
        const std::int64_t spread = seed % 2 == 0 ? 8 : 1'000'000'000;
        std::uniform_int_distribution<std::int64_t> delay(0, spread);
        std::uniform_int_distribution<int> action(0, 99);
        TimerQueue queue;
        SortedTimers reference;
        std::int64_t now = 0;
        std::uint64_t seq = 0;
        std::uint32_t next_slot = 0;
        for (int step = 0; step < 3000; ++step) {
            const int what = action(random);
            if (what < 50) {
                // Mostly now or later, as the loop's timers are; sometimes
                // in the past.
                const std::int64_t deadline = what < 45 ? now + delay(random) : now - delay(random);
                const TimerEntry timer{Time{deadline}, seq++, next_slot++};
                queue.add(timer);
                reference.add(timer);
            } else if (what < 85 && !queue.empty()) {
                REQUIRE(same_timer(queue.earliest(), reference.earliest()));
                const TimerEntry taken = queue.take_earliest();
                REQUIRE(same_timer(taken, reference.earliest()));
                reference.take_earliest();
                now = std::max(now, taken.deadline.count());
            } else if (what < 95 && !queue.empty()) {
                // Remove one timer, as the loop drops a cancelled one.
                const std::uint32_t slot = reference.all()[random() % reference.all().size()].slot;
                queue.remove_if([slot](const TimerEntry& t) { return t.slot == slot; });
                reference.remove_slot(slot);
            } else {
                now += delay(random);
            }
            REQUIRE(queue.size() == reference.all().size());
        }
        CHECK(same_order(queue.in_order(), reference.all()));
        while (!queue.empty()) {
            REQUIRE(same_timer(queue.take_earliest(), reference.earliest()));
            reference.take_earliest();
        }
    }
}

TEST_CASE("remove_if keeps the others in order") {
    TimerQueue queue;
    SortedTimers reference;
    std::mt19937 random(42);
    std::uniform_int_distribution<std::int64_t> deadline(0, 1000);
    for (std::uint32_t i = 0; i < 500; ++i) {
        const TimerEntry timer{Time{deadline(random)}, i, i};
        queue.add(timer);
        reference.add(timer);
    }
    for (int i = 0; i < 100; ++i) {  // some of them in buckets, some before the floor
        reference.take_earliest();
        queue.take_earliest();
    }
    queue.add(TimerEntry{Time{-1}, 500, 500});
    reference.add(TimerEntry{Time{-1}, 500, 500});
    queue.remove_if([](const TimerEntry& t) { return t.slot % 3 == 0; });
    for (std::uint32_t slot = 0; slot <= 500; slot += 3) {
        reference.remove_slot(slot);
    }
    CHECK(queue.size() == reference.all().size());
    CHECK(same_order(queue.in_order(), reference.all()));
    queue.remove_if([](const TimerEntry&) { return true; });
    CHECK(queue.empty());
    CHECK(queue.in_order().empty());
}

}  // namespace coop::test
