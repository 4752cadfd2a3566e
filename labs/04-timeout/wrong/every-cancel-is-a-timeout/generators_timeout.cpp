// WRONG (a hard-coded outcome): see callbacks_timeout.cpp.
#include "labs/04-timeout/timeout.hpp"

#include <exception>
#include <memory>
#include <utility>

namespace coop::lab04 {

namespace {

// The work's task: runs the work (`yield from`) and keeps its value where
// the waiting generator will find it.
generators::TaskGenerator keep_value(generators::AnyTaskGenerator work,
                                     std::shared_ptr<std::int64_t> value) {
    const generators::Reply reply = co_yield generators::Delegate{std::move(work)};
    *value = reply.value;
}

// The alarm's task.
generators::TaskGenerator ring_after(Duration limit, generators::TaskHandle work) {
    co_yield generators::SleepFor{limit};
    co_yield generators::CancelTask{work};
}

}  // namespace

Work generators_timeout(generators::Runtime& rt, Duration limit, std::string name, Work work) {
    auto value = std::make_shared<std::int64_t>(0);
    generators::TaskHandle worker = rt.create_task(name);
    generators::TaskHandle alarm = rt.create_task(name + " alarm");
    co_yield generators::SpawnTask{worker, keep_value(std::move(work), value)};
    co_yield generators::SpawnTask{alarm, ring_after(limit, worker)};

    // A co_yield may not stand in a catch block, so the exception is kept
    // and the race settled after it.
    std::exception_ptr failure;
    try {
        co_yield generators::JoinTask{worker};
    } catch (...) {
        failure = std::current_exception();  // the work's failure, or Cancelled for us
    }
    // Whoever lost is stopped: the alarm if the work came first, the work if
    // we were cancelled ourselves. Cancelling a finished task does nothing.
    co_yield generators::CancelTask{alarm};
    co_yield generators::CancelTask{worker};
    if (failure) {
        if (worker.ending() == coop::Ending::Cancelled) {  // whoever cancelled it
            throw TimedOut{};
        }
        std::rethrow_exception(failure);
    }
    co_return *value;
}

}  // namespace coop::lab04
