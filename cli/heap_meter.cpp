// The global operator new and delete, replaced to count bytes held. Each
// block's size comes from malloc_usable_size, so the unsized deletes count
// right too. Atomic counters: the threads version allocates concurrently.
#include "cli/heap_meter.hpp"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::size_t> held{0};
std::atomic<std::size_t> peak{0};
std::atomic<std::size_t> baseline{0};

void* counted(void* p) {
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    const std::size_t now = held += malloc_usable_size(p);
    std::size_t high = peak.load(std::memory_order_relaxed);
    while (now > high && !peak.compare_exchange_weak(high, now, std::memory_order_relaxed)) {
    }
    return p;
}

void uncounted(void* p) noexcept {
    if (p != nullptr) {
        held -= malloc_usable_size(p);
        std::free(p);
    }
}

void* aligned(std::size_t size, std::align_val_t align) {
    const auto a = static_cast<std::size_t>(align);
    return std::aligned_alloc(a, (size + a - 1) / a * a);
}

}  // namespace

namespace coop::cli {

void HeapMeter::start() {
    baseline = held.load();
    peak = baseline.load();
}

std::size_t HeapMeter::peak_since_start() {
    return peak - baseline;
}

}  // namespace coop::cli

void* operator new(std::size_t size) {
    return counted(std::malloc(size == 0 ? 1 : size));
}
void* operator new[](std::size_t size) {
    return counted(std::malloc(size == 0 ? 1 : size));
}
void* operator new(std::size_t size, std::align_val_t align) {
    return counted(aligned(size == 0 ? 1 : size, align));
}
void* operator new[](std::size_t size, std::align_val_t align) {
    return counted(aligned(size == 0 ? 1 : size, align));
}
void operator delete(void* p) noexcept {
    uncounted(p);
}
void operator delete[](void* p) noexcept {
    uncounted(p);
}
void operator delete(void* p, std::size_t) noexcept {
    uncounted(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    uncounted(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    uncounted(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
    uncounted(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
    uncounted(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
    uncounted(p);
}
