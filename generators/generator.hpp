// Generator<Yield, Receive, Return>: a hand-written generator on co_yield,
// with Python's generator protocol.
//
//   Python                         coop
//   ------                         ----
//   x = yield request              Receive x = co_yield request;
//   gen.send(x)                    gen.send(x)         (resume; co_yield returns x)
//   gen.throw(exc)                 gen.throw_in(exc)   (resume; co_yield throws exc)
//   return value                   co_return value;    (Return; void: co_return;)
//   StopIteration.value            gen.returned()
//
// A generator is stackless: it can only suspend in its own body, at a
// co_yield. A function it calls cannot suspend for it; to run a
// sub-generator it must hand that generator out (`yield from`), and whoever
// drives it keeps the chain of generators. generators/runtime.cpp is that
// driver.
//
// Two classes: Generator<Y, R, Return> is what a generator function returns;
// AnyGenerator<Y, R> is the same generator with its return type forgotten
// (its result arrives as a Receive), so a driver can keep generators of
// different return types in one stack.
#pragma once

#include <cassert>
#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace coop::generators {

template <class Yield, class Receive>
struct GeneratorPromiseBase {
    Yield* yielded = nullptr;  // what the last co_yield handed out (see yield_value)
    // What goes in at the pending co_yield: send()'s value, or throw_in()'s
    // exception. Once the generator has finished, the same two members hold
    // what comes out: its result (co_return, as a Receive), or the exception
    // that escaped it. Nothing goes in after the end, so each pair shares
    // one member, and every suspended generator's frame is smaller.
    std::optional<Receive> value;
    std::exception_ptr exception;

    std::suspend_always initial_suspend() noexcept { return {}; }
    // Stop at the end, so that the driver can read the result and the
    // error before it destroys the frame.
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { exception = std::current_exception(); }

    // `co_yield request` suspends here; it evaluates to what send() passes
    // in, or throws what throw_in() passes in.
    class YieldAwaiter {
      public:
        explicit YieldAwaiter(GeneratorPromiseBase& promise) : promise_(promise) {}
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<>) const noexcept {}
        Receive await_resume() {
            promise_.yielded = nullptr;
            if (promise_.exception) {
                std::rethrow_exception(std::exchange(promise_.exception, nullptr));
            }
            assert(promise_.value.has_value());
            Receive sent = std::move(*promise_.value);
            promise_.value.reset();
            return sent;
        }

      protected:
        GeneratorPromiseBase& promise_;
    };

    // `co_yield request` with a temporary (`co_yield SleepFor{d}`): a
    // temporary lives to the end of its full expression, which comes after
    // the generator goes on, so the request stays in the generator's frame
    // and the promise only points at it. Nothing is copied or moved.
    YieldAwaiter yield_value(Yield&& value) noexcept {
        yielded = std::addressof(value);
        return YieldAwaiter{*this};
    }

    // `co_yield x` with a variable: x may change once the generator goes
    // on, so a copy is kept in the awaiter, which lives in the frame as long.
    class CopyingYieldAwaiter : public YieldAwaiter {
      public:
        CopyingYieldAwaiter(GeneratorPromiseBase& promise, const Yield& value)
            : YieldAwaiter(promise), copy_(value) {}
        void await_suspend(std::coroutine_handle<>) noexcept { this->promise_.yielded = &copy_; }

      private:
        Yield copy_;
    };
    CopyingYieldAwaiter yield_value(const Yield& value) {
        return CopyingYieldAwaiter{*this, value};
    }
};

template <class Yield, class Receive, class Return>
class Generator;

template <class Yield, class Receive, class Return>
struct GeneratorPromise : GeneratorPromiseBase<Yield, Receive> {
    Generator<Yield, Receive, Return> get_return_object() noexcept;
    void return_value(Return result) { this->value = Receive(std::move(result)); }
};

template <class Yield, class Receive>
struct GeneratorPromise<Yield, Receive, void> : GeneratorPromiseBase<Yield, Receive> {
    Generator<Yield, Receive, void> get_return_object() noexcept;
    void return_void() { this->value = Receive{}; }
};

// A generator whose return type is forgotten. It owns the frame.
template <class Yield, class Receive>
class AnyGenerator {
  public:
    using Promise = GeneratorPromiseBase<Yield, Receive>;

    AnyGenerator() = default;
    AnyGenerator(std::coroutine_handle<> frame, Promise* promise) noexcept
        : frame_(frame), promise_(promise) {}
    AnyGenerator(AnyGenerator&& other) noexcept
        : frame_(std::exchange(other.frame_, nullptr)),
          promise_(std::exchange(other.promise_, nullptr)) {}
    AnyGenerator& operator=(AnyGenerator&& other) noexcept {
        if (this != &other) {
            destroy();
            frame_ = std::exchange(other.frame_, nullptr);
            promise_ = std::exchange(other.promise_, nullptr);
        }
        return *this;
    }
    AnyGenerator(const AnyGenerator&) = delete;
    AnyGenerator& operator=(const AnyGenerator&) = delete;
    ~AnyGenerator() { destroy(); }

    // Runs the generator to its first co_yield (Python: next(gen)).
    void start() { frame_.resume(); }
    // Resumes it with a value: the pending co_yield evaluates to `value`.
    void send(Receive value) {
        promise_->value = std::move(value);
        frame_.resume();
    }
    // Resumes it with an exception thrown at the pending co_yield.
    void throw_in(std::exception_ptr error) {
        promise_->exception = std::move(error);
        frame_.resume();
    }

    bool done() const { return frame_.done(); }
    // It has not run yet (Python: GEN_CREATED): start() is next, not send().
    // Asked of a suspended generator: one that has run is suspended at a
    // co_yield, whose request it still hands out.
    bool created() const { return promise_->yielded == nullptr; }
    // After a resume that did not finish it: what it yielded, in place (it
    // stays valid until the generator goes on), or moved out.
    Yield& yielded() { return *promise_->yielded; }
    Yield take_yielded() { return std::move(*promise_->yielded); }
    // After it finished: the exception that escaped it, or nothing.
    std::exception_ptr error() const { return promise_->exception; }
    // After it finished without error: what it returned (Receive{} for void).
    Receive returned() const { return *promise_->value; }

    explicit operator bool() const { return static_cast<bool>(frame_); }

  private:
    void destroy() {
        if (frame_) {
            frame_.destroy();  // locals of a suspended generator are destroyed here
            frame_ = nullptr;
        }
    }

    std::coroutine_handle<> frame_;
    Promise* promise_ = nullptr;
};

template <class Yield, class Receive, class Return = void>
class [[nodiscard]] Generator {
  public:
    using promise_type = GeneratorPromise<Yield, Receive, Return>;

    explicit Generator(std::coroutine_handle<promise_type> frame) noexcept : frame_(frame) {}
    Generator(Generator&& other) noexcept : frame_(std::exchange(other.frame_, nullptr)) {}
    Generator& operator=(Generator&&) = delete;
    Generator(const Generator&) = delete;
    Generator& operator=(const Generator&) = delete;
    ~Generator() {
        if (frame_) {
            frame_.destroy();
        }
    }

    // Hands the frame over, forgetting the return type.
    operator AnyGenerator<Yield, Receive>() && noexcept {
        auto frame = std::exchange(frame_, nullptr);
        return AnyGenerator<Yield, Receive>{frame, &frame.promise()};
    }

  private:
    std::coroutine_handle<promise_type> frame_;
};

template <class Yield, class Receive, class Return>
Generator<Yield, Receive, Return>
GeneratorPromise<Yield, Receive, Return>::get_return_object() noexcept {
    return Generator<Yield, Receive, Return>{
        std::coroutine_handle<GeneratorPromise>::from_promise(*this)};
}

template <class Yield, class Receive>
Generator<Yield, Receive, void>
GeneratorPromise<Yield, Receive, void>::get_return_object() noexcept {
    return Generator<Yield, Receive, void>{
        std::coroutine_handle<GeneratorPromise>::from_promise(*this)};
}

}  // namespace coop::generators
