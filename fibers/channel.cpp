#include "fibers/channel.hpp"

namespace coop::fibers {

// A waiting task's entry in the queues is a local variable on its own
// stack: it stays valid for as long as the task is suspended, which is
// exactly as long as the queue needs it.

void Channel::send(std::int64_t value) {
    Runtime& rt = Runtime::current();
    if (send_now(value, rt)) {
        return;
    }
    Waiter me{&rt.current_task(), value};
    // Returns once a receiver has taken the value.
    rt.suspend(rt.current_task(), WaitingFor::Send, [&] { wait_to_send(me); });
}

std::int64_t Channel::recv() {
    Runtime& rt = Runtime::current();
    Waiter me{&rt.current_task(), std::nullopt};
    if (recv_now(me, rt)) {
        return *me.value;
    }
    // Returns once a sender has handed a value.
    rt.suspend(rt.current_task(), WaitingFor::Recv, [&] { wait_to_recv(me); });
    return *me.value;
}

}  // namespace coop::fibers
