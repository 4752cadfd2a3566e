// The loop's timers, earliest first: a radix heap.
//
// The loop asks three things of its timers: add one, which is the earliest,
// take the earliest off. A binary heap does each in O(log n), but a heap of a
// million timers is 24 MB, and each level of its sift-down below the first
// few is a cache miss at a random place. The loop's timers have a property
// that a general priority queue cannot use: they are taken off in order,
// and a new timer is almost never earlier than the last one taken off (it
// is set at now() or later, and the timers taken off were due by now()).
// A radix heap is a priority queue for exactly that case.
//
// Keys. A timer's key is its deadline, then its seq (scheduling order, so
// equal deadlines fire in the order they were scheduled): two 64-bit words,
// compared as one 128-bit number. seq is unique, so no two keys are equal.
//
// Buckets. The queue remembers a `floor_`: the key of the last timer it
// brought to the front. Every timer in the buckets is at or after the floor,
// and sits in the bucket numbered by the highest bit in which its key
// differs from the floor (0: equal to the floor; 1 to 64: the bit of seq;
// 65 to 128: the bit of the deadline). A timer in bucket i agrees with the
// floor above bit i and has a 1 at bit i where the floor has a 0, so every
// timer in a lower bucket is earlier than every timer in a higher one.
// Adding a timer appends it to its bucket: O(1), written sequentially.
//
// Taking the earliest. The earliest timer is the floor itself (bucket 0) or
// else the earliest of the lowest non-empty bucket, found by one scan. That
// key becomes the new floor, and the bucket's timers move to their buckets
// under the new floor: all of them lower ones, since they now agree with
// the floor on bit i too. The other buckets keep their timers (the new floor
// agrees with the old one above bit i). A timer only ever moves down, at
// most 128 times, so each costs O(1) amortized, in sequential scans.
//
// A timer before the floor (a deadline already in the past, or nearer than
// a far timer that was brought to the front to be looked at) cannot go in a
// bucket. It waits in `before_floor_`, a small binary heap, whose timers
// are all earlier than any in the buckets: they come out first, in order.
// So the order is exact in every case, and fast in the usual one.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "common/clock.hpp"

namespace coop {

// A timer as the loop keeps it: when it is due, which one was scheduled
// first, and the slot of the loop's that says what to run.
struct TimerEntry {
    Time deadline;
    std::uint64_t seq;  // scheduling order: the tie-breaker
    std::uint32_t slot;
};

// The two words of a timer's key. The deadline's sign bit is flipped so
// that the unsigned words order negative times before positive ones.
inline std::uint64_t key_high(const TimerEntry& timer) {
    return static_cast<std::uint64_t>(timer.deadline.count()) ^ (std::uint64_t{1} << 63);
}
inline std::uint64_t key_low(const TimerEntry& timer) {
    return timer.seq;
}

// The order in which timers fire: by deadline, then by seq.
inline bool fires_before(const TimerEntry& a, const TimerEntry& b) {
    if (key_high(a) != key_high(b)) {
        return key_high(a) < key_high(b);
    }
    return key_low(a) < key_low(b);
}

class TimerQueue {
  public:
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }

    void add(const TimerEntry& timer);
    // The earliest timer (the queue must not be empty). Not const: finding
    // it moves timers between buckets.
    const TimerEntry& earliest();
    // Takes the earliest timer off the queue (which must not be empty).
    TimerEntry take_earliest();

    // Removes every timer for which `remove(timer)` is true, in no
    // particular order.
    template <class Predicate>
    void remove_if(Predicate remove);

    // Every timer, earliest first (a sorted copy: for observers, not for
    // the loop's own work).
    std::vector<TimerEntry> in_order() const;

  private:
    static constexpr std::size_t kBuckets = 129;

    // The binary heap's order, reversed (std::push_heap keeps the greatest
    // at the front). A function object, so that the heap algorithms inline it.
    struct FiresAfter {
        bool operator()(const TimerEntry& a, const TimerEntry& b) const {
            return fires_before(b, a);
        }
    };

    std::size_t bucket_of(const TimerEntry& timer) const;
    void put_in_bucket(const TimerEntry& timer);
    void bring_earliest_to_bucket_0();
    void give_back_if_large(std::vector<TimerEntry>& bucket);

    std::array<std::vector<TimerEntry>, kBuckets> buckets_;
    // Which buckets hold timers, one bit each: finding the lowest non-empty
    // bucket takes a count of trailing zeros rather than a walk.
    std::array<std::uint64_t, (kBuckets + 63) / 64> occupied_{};
    // The floor: the last timer brought to the front. At first the earliest
    // time there is, with seq 0, whose key (0, 0) is before every timer's.
    TimerEntry floor_{Time{std::numeric_limits<Time::rep>::min()}, 0, 0};
    // Timers before the floor: a binary heap, earliest at the front.
    std::vector<TimerEntry> before_floor_;
    std::size_t size_ = 0;
};

template <class Predicate>
void TimerQueue::remove_if(Predicate remove) {
    std::size_t kept_in_all = 0;
    auto keep_some = [&](std::vector<TimerEntry>& timers) {
        std::size_t kept = 0;
        for (const TimerEntry& timer : timers) {
            if (!remove(timer)) {
                timers[kept++] = timer;
            }
        }
        timers.resize(kept);
        kept_in_all += kept;
    };
    for (std::size_t i = 0; i < kBuckets; ++i) {
        keep_some(buckets_[i]);
        if (buckets_[i].empty()) {
            occupied_[i / 64] &= ~(std::uint64_t{1} << (i % 64));
        }
    }
    keep_some(before_floor_);
    std::make_heap(before_floor_.begin(), before_floor_.end(), FiresAfter{});
    size_ = kept_in_all;
}

}  // namespace coop
