// Task<T>: a lazy coroutine that runs when it is awaited, and hands its
// result (or exception) back to whoever awaited it.
//
//   caller frame                          callee frame (Task<T>)
//   ------------                          ----------------------
//   co_await callee()  ─ await_suspend ─▶ promise.continuation = caller
//                      ◀─ returns callee    (symmetric transfer: the callee
//                                            starts without a trip through
//                                            the loop)
//                                         ... runs, maybe suspends on the loop ...
//                                         co_return v
//                      ◀─ FinalAwaiter ─  returns promise.continuation
//   await_resume():                       (the caller goes on right here)
//   value or rethrow
//
// Who owns what: the Task object owns the callee's frame and destroys it in
// its destructor; while it is awaited the Task is a temporary inside the
// caller's frame, so a whole chain of awaiting coroutines is owned from the
// top. A spawned task's top frame is owned by the Runtime's TaskRecord.
// Destroying the top frame destroys the Task objects in it, and so the whole
// chain, innermost last: that is how abandoning a suspended task releases it.
#pragma once

#include <coroutine>
#include <cstddef>
#include <exception>
#include <new>
#include <optional>
#include <utility>

namespace coop::coroutines {

template <class T>
class Task;

// How big coroutine frames are: every Task frame is allocated through
// PromiseBase::operator new, which notes its size here. The compiler decides
// the size (locals that live across a co_await, the promise, bookkeeping);
// this is the only way to see it.
struct FrameStats {
    static inline std::size_t allocations = 0;
    static inline std::size_t last_frame_bytes = 0;
};

namespace detail {

struct PromiseBase {
    static void* operator new(std::size_t bytes) {
        ++FrameStats::allocations;
        FrameStats::last_frame_bytes = bytes;
        return ::operator new(bytes);
    }
    static void operator delete(void* frame) noexcept { ::operator delete(frame); }

    // Where to go when this coroutine finishes: its awaiter, or nowhere
    // (noop) for a task the loop resumes directly.
    std::coroutine_handle<> continuation = std::noop_coroutine();
    std::exception_ptr error;

    // Lazy: nothing runs until someone awaits (or the runtime resumes) it.
    std::suspend_always initial_suspend() noexcept { return {}; }

    struct FinalAwaiter {
        FinalAwaiter() noexcept {}
        bool await_ready() noexcept { return false; }
        template <class Promise>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> done) noexcept {
            // NOTE: symmetric transfer. Returning the continuation (instead
            // of calling continuation.resume() here) lets the compiler jump
            // to it as a tail call, so a long run of awaits that finish at
            // once does not pile up C++ stack frames. g++ makes it a real
            // tail call only at -O2; see coroutines/README.md.
            return done.promise().continuation;
        }
        void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }

    void unhandled_exception() noexcept { error = std::current_exception(); }
};

template <class T>
struct Promise : PromiseBase {
    std::optional<T> value;
    Task<T> get_return_object() noexcept;
    void return_value(T v) { value = std::move(v); }
    T result() {
        if (error) {
            std::rethrow_exception(error);
        }
        return std::move(*value);
    }
};

template <>
struct Promise<void> : PromiseBase {
    Task<void> get_return_object() noexcept;
    void return_void() noexcept {}
    void result() {
        if (error) {
            std::rethrow_exception(error);
        }
    }
};

}  // namespace detail

template <class T = void>
class [[nodiscard]] Task {
  public:
    using promise_type = detail::Promise<T>;
    using Handle = std::coroutine_handle<promise_type>;

    Task() noexcept = default;
    explicit Task(Handle h) noexcept : handle_(h) {}
    Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Task& operator=(Task&& other) noexcept {
        if (this != &other) {
            reset();
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() { reset(); }

    // Awaiting a Task runs it as a nested call, on the awaiting task's turn.
    class Awaiter {
      public:
        explicit Awaiter(Handle h) noexcept : callee_(h) {}
        bool await_ready() noexcept { return false; }
        std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
            callee_.promise().continuation = caller;
            return callee_;  // NOTE: symmetric transfer into the callee
        }
        T await_resume() { return callee_.promise().result(); }

      private:
        Handle callee_;
    };
    Awaiter operator co_await() && noexcept { return Awaiter{handle_}; }

    // For the runtime, which drives top-level tasks itself.
    Handle handle() const noexcept { return handle_; }
    bool done() const noexcept { return handle_ && handle_.done(); }
    void reset() noexcept {
        if (handle_) {
            handle_.destroy();
            handle_ = nullptr;
        }
    }

  private:
    Handle handle_;
};

namespace detail {
template <class T>
Task<T> Promise<T>::get_return_object() noexcept {
    return Task<T>{std::coroutine_handle<Promise<T>>::from_promise(*this)};
}
inline Task<void> Promise<void>::get_return_object() noexcept {
    return Task<void>{std::coroutine_handle<Promise<void>>::from_promise(*this)};
}
}  // namespace detail

}  // namespace coop::coroutines
