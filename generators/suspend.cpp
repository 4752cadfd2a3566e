// The requests that make a generator task wait. The task itself suspended
// at its `co_yield request`; here the driver decides how it will be woken
// and returns false, which sends drive() back to the loop.
//
// Each returns true instead when the task can go on at once: the operation
// completed without waiting, or a cancellation is due at this suspension
// point (Cancelled is then thrown in at the co_yield).
#include <cassert>

#include "generators/channel.hpp"
#include "generators/runtime.hpp"

namespace coop::generators {

bool Runtime::sleep(TaskRecord& task, const SleepFor& request) {
    const bool yield = request.duration <= Duration::zero();
    if (!suspend(task, yield ? WaitingFor::Ready : WaitingFor::Timer,
                 loop_.now() + request.duration)) {
        return true;
    }
    if (yield) {
        wake_soon(task, Reply{});  // the back of the ready queue
    } else {
        // When the timer fires, the loop runs the task itself (TaskRecord::run).
        task.timer = loop_.call_later(request.duration, task);
    }
    return false;
}

bool Runtime::wait_fd(TaskRecord& task, const WaitFd& request) {
    if (!suspend(task, WaitingFor::Fd)) {
        return true;
    }
    task.watch = loop_.watch(request.fd, request.interest, task);
    return false;
}

bool Runtime::join(TaskRecord& task, const JoinTask& request) {
    TaskRecord& target = *request.task;
    if (target.done()) {
        // No waiting: its failure or cancellation is thrown in right away.
        if (target.ending == Ending::Failed) {
            task.throw_in = target.error;
        } else if (target.ending == Ending::Cancelled) {
            task.throw_in = std::make_exception_ptr(JoinedTaskCancelled{});
        }
        return true;
    }
    if (!suspend(task, WaitingFor::Join)) {
        return true;
    }
    task.joined = &target;
    target.joiners.push_back(&task);
    return false;
}

bool Runtime::send(TaskRecord& task, const SendTo& request) {
    if (request.channel->send_without_waiting(request.value)) {
        return true;
    }
    if (!suspend(task, WaitingFor::Send)) {
        return true;
    }
    request.channel->add_waiting_sender(task, request.value);
    return false;
}

bool Runtime::receive(TaskRecord& task, const ReceiveFrom& request) {
    if (auto value = request.channel->recv_without_waiting()) {
        task.reply = Reply{*value};
        return true;
    }
    if (!suspend(task, WaitingFor::Recv)) {
        return true;
    }
    request.channel->add_waiting_receiver(task);
    return false;
}

}  // namespace coop::generators
