// Where a fiber's stack comes from, and what happens when it runs out.
//
// Every task gets its own stack: `size` bytes of address space, with a guard
// page below it that faults on touch (boost::context::protected_fixedsize_stack).
// The pages are only backed by memory once touched, so a task that never
// goes deep costs little resident memory (see fibers/README.md).
//
// Guard pages where they fit: each guarded stack is two of the kernel's
// memory mappings, and a process may have only vm.max_map_count of them
// (65,530 by default). Once about 31,000 guarded stacks are in use, further
// tasks get stacks of the same size without a guard page, from a pool that
// carves them out of large blocks; so `coop run` reaches 100,000 live tasks
// and more. The first tasks, the ones a student steps through, keep the
// guard. A stack is released in constant time either way.
//
// When a task runs past its stack into the guard page, the process gets
// SIGSEGV. A handler on an alternate signal stack (the task's own stack is
// the one that is full) looks the address up and prints which task it was,
// then lets the signal kill the process as usual.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <boost/context/pooled_fixedsize_stack.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <boost/context/stack_context.hpp>

namespace coop::fibers {

struct StackOptions {
    std::size_t size = 128 * 1024;  // bytes usable by the task
    // Take stacks from a pool that keeps and reuses them (Boost.Context's
    // pooled_fixedsize_stack): cheaper to spawn many short tasks, but with
    // no guard page, so an overflow is not caught.
    bool pooled = false;
};

// A StackAllocator for boost::context (allocate/deallocate). Guarded stacks
// remember which task each guard page belongs to (or, when none fits, come
// from the unguarded pool); pooled ones come from a pool shared by the
// runtime's tasks.
class TaskStack {
  public:
    using Pool = boost::context::pooled_fixedsize_stack;

    TaskStack(std::size_t size, std::string task_name);  // guarded
    explicit TaskStack(Pool pool);                       // pooled
    boost::context::stack_context allocate();
    void deallocate(boost::context::stack_context& sctx) noexcept;

  private:
    std::size_t size_ = 0;  // guarded: the usable bytes asked for
    boost::context::protected_fixedsize_stack guarded_;
    std::optional<Pool> pool_;
    std::string task_name_;
};

// Installs the SIGSEGV handler and an alternate signal stack for this
// thread (once). Called when a runtime is created.
void install_stack_overflow_reporter();

}  // namespace coop::fibers
