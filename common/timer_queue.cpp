#include "common/timer_queue.hpp"

#include <bit>
#include <cassert>

namespace coop {

// The highest bit in which the timer's key differs from the floor's, plus
// one (0 when they are equal): the number of its bucket.
std::size_t TimerQueue::bucket_of(const TimerEntry& timer) const {
    const std::uint64_t high = key_high(timer) ^ key_high(floor_);
    if (high != 0) {
        return 64 + static_cast<std::size_t>(std::bit_width(high));
    }
    return static_cast<std::size_t>(std::bit_width(key_low(timer) ^ key_low(floor_)));
}

void TimerQueue::put_in_bucket(const TimerEntry& timer) {
    const std::size_t i = bucket_of(timer);
    buckets_[i].push_back(timer);
    occupied_[i / 64] |= std::uint64_t{1} << (i % 64);
}

void TimerQueue::add(const TimerEntry& timer) {
    if (fires_before(timer, floor_)) {  // it cannot go in a bucket
        before_floor_.push_back(timer);
        std::push_heap(before_floor_.begin(), before_floor_.end(), FiresAfter{});
    } else {
        put_in_bucket(timer);
    }
    ++size_;
}

// Makes the earliest timer of the buckets the floor, so that it is in
// bucket 0 (the buckets must hold a timer and bucket 0 must be empty).
void TimerQueue::bring_earliest_to_bucket_0() {
    std::size_t lowest = 0;
    while (occupied_[lowest / 64] == 0) {
        lowest += 64;
    }
    lowest += static_cast<std::size_t>(std::countr_zero(occupied_[lowest / 64]));
    std::vector<TimerEntry>& bucket = buckets_[lowest];

    const TimerEntry* earliest = &bucket.front();
    for (const TimerEntry& timer : bucket) {
        if (fires_before(timer, *earliest)) {
            earliest = &timer;
        }
    }
    floor_ = *earliest;

    // Under the new floor each of these timers belongs in a lower bucket.
    for (const TimerEntry& timer : bucket) {
        put_in_bucket(timer);
    }
    bucket.clear();
    occupied_[lowest / 64] &= ~(std::uint64_t{1} << (lowest % 64));
    give_back_if_large(bucket);
}

// A bucket that once held many timers keeps their room when emptied; the
// buckets above the floor's bits empty one by one as time goes on, so
// without this a million timers would hold their room several times over.
// Small buckets keep theirs, so that refilling them allocates nothing.
void TimerQueue::give_back_if_large(std::vector<TimerEntry>& bucket) {
    constexpr std::size_t kKeptRoom = 4096 / sizeof(TimerEntry);
    if (bucket.capacity() > kKeptRoom) {
        std::vector<TimerEntry>().swap(bucket);
    }
}

const TimerEntry& TimerQueue::earliest() {
    assert(!empty());
    if (!before_floor_.empty()) {
        return before_floor_.front();
    }
    if (buckets_[0].empty()) {
        bring_earliest_to_bucket_0();
    }
    return buckets_[0].back();
}

TimerEntry TimerQueue::take_earliest() {
    assert(!empty());
    --size_;
    if (!before_floor_.empty()) {
        std::pop_heap(before_floor_.begin(), before_floor_.end(), FiresAfter{});
        const TimerEntry timer = before_floor_.back();
        before_floor_.pop_back();
        return timer;
    }
    if (buckets_[0].empty()) {
        bring_earliest_to_bucket_0();
    }
    // Bucket 0 holds the timers whose key is the floor's: this one alone.
    const TimerEntry timer = buckets_[0].back();
    buckets_[0].pop_back();
    if (buckets_[0].empty()) {
        occupied_[0] &= ~std::uint64_t{1};
    }
    return timer;
}

std::vector<TimerEntry> TimerQueue::in_order() const {
    std::vector<TimerEntry> all = before_floor_;
    for (const std::vector<TimerEntry>& bucket : buckets_) {
        all.insert(all.end(), bucket.begin(), bucket.end());
    }
    std::sort(all.begin(), all.end(), fires_before);
    return all;
}

}  // namespace coop
