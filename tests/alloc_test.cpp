// Steady-state scheduling must not allocate: once the queues have grown, a
// yield (call_soon of a small callback) costs no heap allocation.
// This binary counts every operator new, so it is a program of its own.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "common/loop.hpp"

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace coop::test {

struct Yielder {
    Loop* loop;
    long left;
    void step() {
        if (--left > 0) {
            loop->call_soon([this] { step(); });  // a yield: back of the ready queue
        }
    }
};

TEST_CASE("a yield through the loop allocates nothing once the queues are warm") {
    Loop loop;
    std::vector<Yielder> tasks(100, Yielder{&loop, 1000});
    for (auto& t : tasks) {
        loop.call_soon([&t] { t.step(); });
    }
    loop.run_once();  // warm up: the queues reach their working size
    loop.run_once();
    const long before = allocations.load();
    loop.run();
    CHECK(allocations.load() - before == 0);
    for (const auto& t : tasks) {
        CHECK(t.left == 0);
    }
}

}  // namespace coop::test
