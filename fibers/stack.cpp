#include "fibers/stack.hpp"

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include <boost/context/stack_traits.hpp>

namespace coop::fibers {

namespace {

struct GuardPage {
    std::uintptr_t begin;
    std::uintptr_t end;
    std::size_t stack_size;
    char task_name[64];
};

// Every guarded stack in use, by the address of its guard page, so that
// releasing a stack finds its entry at once however many there are. Read by
// the signal handler, which only iterates it.
std::unordered_map<std::uintptr_t, GuardPage>& guard_pages() {
    static std::unordered_map<std::uintptr_t, GuardPage> pages;
    return pages;
}

// Where stacks come from once no guarded one fits (see
// room_for_another_guarded_stack): for each stack size, a free list of
// stacks carved out of large anonymous mappings, 256 stacks each, that are
// never returned (a released stack is reused). Like any mmap'ed memory, a
// stack's pages are backed only once touched; a pool on malloc (Boost's
// pooled_fixedsize_stack) would have malloc write whole stacks when a
// debugging setting such as MALLOC_PERTURB_ asks it to fill new memory.
class UnguardedStacks {
  public:
    explicit UnguardedStacks(std::size_t size) : size_(round_up_to_page(size)) {}

    boost::context::stack_context allocate() {
        if (free_.empty()) {
            carve_another_block();
        }
        char* bottom = free_.back();
        free_.pop_back();
        boost::context::stack_context sctx;
        sctx.size = size_;
        sctx.sp = bottom + size_;
        return sctx;
    }
    void deallocate(const boost::context::stack_context& sctx) {
        free_.push_back(static_cast<char*>(sctx.sp) - sctx.size);
    }

  private:
    static constexpr std::size_t kStacksPerBlock = 256;

    static std::size_t round_up_to_page(std::size_t size) {
        const std::size_t page = boost::context::stack_traits::page_size();
        return (size + page - 1) / page * page;
    }
    void carve_another_block() {
        void* block = ::mmap(nullptr, size_ * kStacksPerBlock, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (block == MAP_FAILED) {
            throw std::bad_alloc();
        }
        for (std::size_t i = kStacksPerBlock; i-- > 0;) {
            free_.push_back(static_cast<char*>(block) + i * size_);
        }
    }

    std::size_t size_;
    std::vector<char*> free_;
};

UnguardedStacks& unguarded_stacks(std::size_t size) {
    static std::map<std::size_t, UnguardedStacks> by_size;
    return by_size.try_emplace(size, size).first->second;
}

struct sigaction& previous_action() {
    static struct sigaction previous {};
    return previous;
}

void write_text(const char* text) {
    const std::size_t n = std::strlen(text);
    ssize_t ignored = ::write(STDERR_FILENO, text, n);
    (void)ignored;
}

void write_number(std::size_t n) {
    char digits[24];
    int i = sizeof digits;
    digits[--i] = '\0';
    do {
        digits[--i] = static_cast<char>('0' + n % 10);
        n /= 10;
    } while (n != 0 && i > 0);
    write_text(digits + i);
}

void on_segfault(int signal, siginfo_t* info, void*) {
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (const auto& [begin, page] : guard_pages()) {
        if (address >= page.begin && address < page.end) {
            write_text("coop: fiber task '");
            write_text(page.task_name);
            write_text("' overflowed its stack of ");
            write_number(page.stack_size);
            write_text(" bytes (fibers::StackOptions::size)\n");
            break;
        }
    }
    // Back to whatever handled SIGSEGV before (the default action, or a test
    // framework's): returning re-runs the faulting instruction, and that
    // handler deals with it as if we had never been here.
    ::sigaction(signal, &previous_action(), nullptr);
}

}  // namespace

TaskStack::TaskStack(std::size_t size, std::string task_name)
    : size_(std::max(size, boost::context::stack_traits::minimum_size())),
      guarded_(size_),
      task_name_(std::move(task_name)) {}

TaskStack::TaskStack(Pool pool) : pool_(std::move(pool)) {}

namespace {

// Each guarded stack is two kernel memory mappings (the stack and its guard
// page), and Linux caps a process at vm.max_map_count mappings (65,530 by
// default). Past that, Boost.Context's allocator fails an assertion (or, with
// NDEBUG, silently loses the guard page). So guard pages are given while
// they fit, keeping room for the process's other mappings, and the tasks
// beyond (about 31,000 by default) get unguarded stacks from a pool.
bool room_for_another_guarded_stack() {
    static const long max_map_count = [] {
        long n = 65530;
        std::ifstream in("/proc/sys/vm/max_map_count");
        in >> n;
        return n;
    }();
    constexpr long kOtherMappings = 2000;
    const long guarded = static_cast<long>(guard_pages().size());
    return 2 * (guarded + 1) + kOtherMappings <= max_map_count;
}

}  // namespace

boost::context::stack_context TaskStack::allocate() {
    if (pool_) {
        return pool_->allocate();
    }
    if (!room_for_another_guarded_stack()) {
        return unguarded_stacks(size_).allocate();
    }
    boost::context::stack_context sctx = guarded_.allocate();
    // protected_fixedsize_stack puts one guard page at the low end of the
    // mapping; sctx.sp is the high end and sctx.size the whole mapping.
    const auto top = reinterpret_cast<std::uintptr_t>(sctx.sp);
    const std::uintptr_t bottom = top - sctx.size;
    GuardPage page{bottom,
                   bottom + boost::context::stack_traits::page_size(),
                   sctx.size - boost::context::stack_traits::page_size(),
                   {}};
    std::strncpy(page.task_name, task_name_.c_str(), sizeof page.task_name - 1);
    guard_pages().emplace(bottom, page);
    return sctx;
}

void TaskStack::deallocate(boost::context::stack_context& sctx) noexcept {
    if (pool_) {
        pool_->deallocate(sctx);
        return;
    }
    const auto top = reinterpret_cast<std::uintptr_t>(sctx.sp);
    const std::uintptr_t bottom = top - sctx.size;
    if (guard_pages().erase(bottom) == 0) {
        unguarded_stacks(size_).deallocate(sctx);  // given when no guard page fit
        return;
    }
    guarded_.deallocate(sctx);
}

void install_stack_overflow_reporter() {
    // The handler cannot run on the overflowing stack: give it its own, once
    // per thread.
    thread_local std::vector<char> signal_stack;
    if (signal_stack.empty()) {
        signal_stack.resize(64 * 1024);
        stack_t alt{};
        alt.ss_sp = signal_stack.data();
        alt.ss_size = signal_stack.size();
        ::sigaltstack(&alt, nullptr);
    }
    // (Re)install the handler unless it is in place: others (a test
    // framework, a sanitizer) may have replaced it since; theirs becomes the
    // one ours hands over to.
    struct sigaction current {};
    ::sigaction(SIGSEGV, nullptr, &current);
    if ((current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == on_segfault) {
        return;
    }
    struct sigaction action {};
    action.sa_sigaction = on_segfault;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGSEGV, &action, &previous_action());
}

}  // namespace coop::fibers
