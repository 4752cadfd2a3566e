// The requests a generator task yields, carried out by the driver. The
// task itself suspended at its `co_yield request`; for a request that
// waits, the driver decides here how the task will be woken and returns
// false, which sends drive() back to the loop.
//
// Each returns true instead when the task can go on at once: the operation
// completed without waiting, or a cancellation is due at this suspension
// point (Cancelled is then thrown in at the co_yield).
#include <utility>

#include "generators/runtime.hpp"

namespace coop::generators {

bool Runtime::carry_out(TaskRecord& task, SleepFor& request) {
    const bool yield = request.duration <= Duration::zero();
    if (!suspend(task, yield ? WaitingFor::Ready : WaitingFor::Timer,
                 loop_.now() + request.duration)) {
        return true;
    }
    if (yield) {
        wake_soon(task);  // the back of the ready queue
    } else {
        // When the timer fires, the loop runs the task itself (TaskRecord::run).
        task.timer = loop_.call_later(request.duration, task);
    }
    return false;
}

bool Runtime::carry_out(TaskRecord& task, WaitFd& request) {
    if (!suspend(task, WaitingFor::Fd)) {
        return true;
    }
    task.watch = loop_.watch(request.fd, request.interest, task);
    return false;
}

bool Runtime::carry_out(TaskRecord& task, JoinTask& request) {
    TaskRecord& target = request.task.record();
    if (target.done()) {
        // No waiting: its failure or cancellation is thrown in right away.
        task.thrown_in = join_outcome(target);
        return true;
    }
    if (!suspend(task, WaitingFor::Join)) {
        return true;
    }
    wait_for_join(task, target);
    return false;
}

bool Runtime::carry_out(TaskRecord& task, SendTo& request) {
    if (request.channel->send_now(request.value, *this) || !suspend(task, WaitingFor::Send)) {
        return true;
    }
    task.channel_op.value = request.value;
    request.channel->wait_to_send(task.channel_op);
    return false;
}

bool Runtime::carry_out(TaskRecord& task, ReceiveFrom& request) {
    if (request.channel->recv_now(task.channel_op, *this)) {
        task.reply_with_received_value();
        return true;
    }
    if (!suspend(task, WaitingFor::Recv)) {
        return true;
    }
    request.channel->wait_to_recv(task.channel_op);
    return false;
}

// The requests that never wait: the driver carries them out and resumes the
// task at once, from its own loop (no recursion).

bool Runtime::carry_out(TaskRecord&, BusyFor& request) {
    loop_.busy(request.duration);
    return true;
}

bool Runtime::carry_out(TaskRecord&, SpawnTask& request) {
    spawn(request.task, std::move(request.body));
    return true;
}

bool Runtime::carry_out(TaskRecord&, CancelTask& request) {
    cancel(request.task);
    return true;
}

bool Runtime::carry_out(TaskRecord& task, Delegate& request) {
    task.delegated.push_back(std::move(request.sub));  // `yield from`: a push, not a call
    return true;
}

}  // namespace coop::generators
