#include "tests/reference_model.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>

namespace coop::test {

namespace {

using json = nlohmann::json;

enum class Waiting { Nothing, Ready, Timer, Join, Send, Recv };
enum class Ending { None, Ended, Failed, Cancelled };

struct Frame {
    const std::vector<Op>* ops;
    std::size_t pc;
    std::int64_t rounds_left;
};

struct Task {
    std::string name;
    bool spawned = false;
    bool started = false;
    std::size_t spawn_index = 0;
    std::vector<Frame> frames;

    Waiting waiting = Waiting::Nothing;
    const Op* waiting_op = nullptr;  // the operation it suspended in
    std::int64_t send_value = 0;     // while waiting to send
    std::optional<std::int64_t> received;

    bool cancel_requested = false;
    bool handoff = false;

    std::vector<int> joiners;
    Ending ending = Ending::None;
    std::string failure;
};

struct Timer {
    std::int64_t deadline;
    std::uint64_t seq;
    int task;
};

struct Chan {
    std::string name;
    std::int64_t capacity;
    std::deque<std::int64_t> buffer;
    std::deque<int> senders;
    std::deque<int> receivers;
};

class Model {
  public:
    explicit Model(const Scenario& s) : scenario_(s) {
        for (const TaskSpec& spec : s.tasks) {
            Task t;
            t.name = spec.name;
            tasks_.push_back(t);
        }
        for (const ChannelSpec& c : s.channels) {
            chans_.push_back(Chan{c.name, c.capacity, {}, {}, {}});
        }
    }

    ReferenceResult run() {
        for (std::size_t i = 0; i < scenario_.tasks.size(); ++i) {
            if (scenario_.tasks[i].starts_by_itself) {
                spawn(static_cast<int>(i));
            }
        }
        for (;;) {
            if (ready_.empty() && timers_.empty()) {
                break;
            }
            if (ready_.empty()) {
                now_ = std::max(now_, earliest_deadline());
            }
            // Due timers join the ready list, earliest then oldest first.
            std::sort(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) {
                return a.deadline != b.deadline ? a.deadline < b.deadline : a.seq < b.seq;
            });
            while (!timers_.empty() && timers_.front().deadline <= now_) {
                // From here on the task is scheduled to go on: a cancel
                // now schedules nothing more.
                wake(timers_.front().task);
                timers_.erase(timers_.begin());
            }
            std::deque<int> batch;
            batch.swap(ready_);
            for (int id : batch) {
                go_on(id);
            }
        }
        ReferenceResult result;
        std::vector<int> waiting;
        for (std::size_t i = 0; i < tasks_.size(); ++i) {
            if (tasks_[i].spawned && tasks_[i].ending == Ending::None) {
                waiting.push_back(static_cast<int>(i));
            }
        }
        std::sort(waiting.begin(), waiting.end(),
                  [this](int a, int b) { return task(a).spawn_index < task(b).spawn_index; });
        if (!waiting.empty()) {
            json names = json::array();
            for (int id : waiting) {
                names.push_back(task(id).name);
            }
            trace_.push_back(json{{"t", now_}, {"event", "stalled"}, {"tasks", names}});
            result.stalled = true;
        }
        result.trace = trace_;
        return result;
    }

  private:
    Task& task(int id) { return tasks_[static_cast<std::size_t>(id)]; }

    std::int64_t earliest_deadline() const {
        std::int64_t best = timers_.front().deadline;
        for (const Timer& t : timers_) {
            best = std::min(best, t.deadline);
        }
        return best;
    }

    void event(int id, const char* what) {
        trace_.push_back(json{{"t", now_}, {"task", task(id).name}, {"event", what}});
    }

    void spawn(int id) {
        Task& t = task(id);
        t.spawned = true;
        t.spawn_index = next_spawn_index_++;
        t.frames.push_back(Frame{&scenario_.tasks[static_cast<std::size_t>(id)].ops, 0, 0});
        t.waiting = Waiting::Ready;
        ready_.push_back(id);
    }

    void wake(int id) {
        task(id).waiting = Waiting::Ready;
        ready_.push_back(id);
    }

    // A task's turn: its first step, or going on after a suspension.
    void go_on(int id) {
        Task& t = task(id);
        if (t.ending != Ending::None) {
            throw std::logic_error("a finished task was scheduled: " + t.name);
        }
        t.waiting = Waiting::Nothing;
        if (!t.started) {
            t.started = true;
            if (t.cancel_requested) {
                finish(id, Ending::Cancelled, "");
                return;
            }
            event(id, "start");
            run(id);
            return;
        }
        if (t.cancel_requested && !t.handoff) {
            finish(id, Ending::Cancelled, "");
            return;
        }
        t.handoff = false;
        event(id, "resume");
        const Op* op = std::exchange(t.waiting_op, nullptr);
        if (op != nullptr && op->kind == OpKind::Recv) {
            record_recv(id, *op, *t.received);
            t.received.reset();
        }
        if (op != nullptr && op->kind == OpKind::Join) {
            const Task& joined = task(op->task);
            if (joined.ending == Ending::Failed) {
                finish(id, Ending::Failed, joined.failure);
                return;
            }
            if (joined.ending == Ending::Cancelled) {
                finish(id, Ending::Cancelled, "");
                return;
            }
        }
        run(id);
    }

    void record_recv(int id, const Op& op, std::int64_t value) {
        trace_.push_back(json{{"t", now_},
                              {"task", task(id).name},
                              {"event", "recv"},
                              {"chan", chans_[static_cast<std::size_t>(op.channel)].name},
                              {"value", value}});
    }

    void finish(int id, Ending how, const std::string& failure) {
        Task& t = task(id);
        if (how == Ending::Ended) {
            event(id, "end");
        } else if (how == Ending::Cancelled) {
            event(id, "cancelled");
        } else {
            trace_.push_back(
                json{{"t", now_}, {"task", t.name}, {"event", "fail"}, {"text", failure}});
        }
        t.ending = how;
        t.failure = failure;
        t.frames.clear();
        for (int j : t.joiners) {
            wake(j);
        }
        t.joiners.clear();
    }

    // At a point where the task would suspend: a pending cancel (after a
    // hand-off) ends it here instead. Returns true if it did.
    bool cancelled_instead_of_suspending(int id) {
        if (task(id).cancel_requested) {
            finish(id, Ending::Cancelled, "");
            return true;
        }
        return false;
    }

    const Op* next_op(Task& t) {
        while (!t.frames.empty()) {
            Frame& f = t.frames.back();
            if (f.pc < f.ops->size()) {
                const Op* op = &(*f.ops)[f.pc++];
                if (op->kind != OpKind::Repeat) {
                    return op;
                }
                if (op->count > 0) {
                    t.frames.push_back(Frame{&op->body, 0, op->count - 1});
                }
                continue;
            }
            if (f.rounds_left > 0) {
                --f.rounds_left;
                f.pc = 0;
                continue;
            }
            t.frames.pop_back();
        }
        return nullptr;
    }

    void run(int id) {
        for (;;) {
            Task& t = task(id);
            const Op* op = next_op(t);
            if (op == nullptr) {
                finish(id, Ending::Ended, "");
                return;
            }
            switch (op->kind) {
                case OpKind::Sleep: {
                    if (cancelled_instead_of_suspending(id)) {
                        return;
                    }
                    const std::int64_t ms = whole_ms(op->duration);
                    t.waiting_op = op;
                    if (ms == 0) {
                        wake(id);
                    } else {
                        t.waiting = Waiting::Timer;
                        timers_.push_back(Timer{now_ + ms, next_seq_++, id});
                    }
                    return;
                }
                case OpKind::Busy:
                    now_ += whole_ms(op->duration);
                    break;
                case OpKind::Log:
                    trace_.push_back(
                        json{{"t", now_}, {"task", t.name}, {"event", "log"}, {"text", op->text}});
                    break;
                case OpKind::Fail:
                    finish(id, Ending::Failed, op->text);
                    return;
                case OpKind::Spawn:
                    spawn(op->task);
                    break;
                case OpKind::Cancel:
                    cancel(op->task);
                    break;
                case OpKind::Join: {
                    Task& other = task(op->task);
                    if (other.ending == Ending::Failed) {
                        finish(id, Ending::Failed, other.failure);
                        return;
                    }
                    if (other.ending == Ending::Cancelled) {
                        finish(id, Ending::Cancelled, "");
                        return;
                    }
                    if (other.ending == Ending::Ended) {
                        break;
                    }
                    if (cancelled_instead_of_suspending(id)) {
                        return;
                    }
                    t.waiting = Waiting::Join;
                    t.waiting_op = op;
                    other.joiners.push_back(id);
                    return;
                }
                case OpKind::Send: {
                    Chan& c = chans_[static_cast<std::size_t>(op->channel)];
                    if (!c.receivers.empty()) {
                        const int r = c.receivers.front();
                        c.receivers.pop_front();
                        task(r).received = op->value;
                        task(r).handoff = true;
                        wake(r);
                        break;
                    }
                    if (static_cast<std::int64_t>(c.buffer.size()) < c.capacity) {
                        c.buffer.push_back(op->value);
                        break;
                    }
                    if (cancelled_instead_of_suspending(id)) {
                        return;
                    }
                    t.waiting = Waiting::Send;
                    t.waiting_op = op;
                    t.send_value = op->value;
                    c.senders.push_back(id);
                    return;
                }
                case OpKind::Recv: {
                    Chan& c = chans_[static_cast<std::size_t>(op->channel)];
                    if (!c.buffer.empty()) {
                        const std::int64_t v = c.buffer.front();
                        c.buffer.pop_front();
                        if (!c.senders.empty()) {
                            const int s = c.senders.front();
                            c.senders.pop_front();
                            c.buffer.push_back(task(s).send_value);
                            task(s).handoff = true;
                            wake(s);
                        }
                        record_recv(id, *op, v);
                        break;
                    }
                    if (!c.senders.empty()) {
                        const int s = c.senders.front();
                        c.senders.pop_front();
                        task(s).handoff = true;
                        wake(s);
                        record_recv(id, *op, task(s).send_value);
                        break;
                    }
                    if (cancelled_instead_of_suspending(id)) {
                        return;
                    }
                    t.waiting = Waiting::Recv;
                    t.waiting_op = op;
                    c.receivers.push_back(id);
                    return;
                }
                case OpKind::Repeat:
                    break;  // next_op never returns one
                case OpKind::WaitReadable:
                case OpKind::WaitWritable:
                    throw std::logic_error("the reference model has no file descriptors");
            }
        }
    }

    void cancel(int id) {
        Task& t = task(id);
        if (t.ending != Ending::None) {
            return;
        }
        t.cancel_requested = true;
        switch (t.waiting) {
            case Waiting::Nothing:  // not spawned yet
            case Waiting::Ready:    // already going to go on
                return;
            case Waiting::Timer:
                timers_.erase(std::remove_if(timers_.begin(), timers_.end(),
                                             [id](const Timer& x) { return x.task == id; }),
                              timers_.end());
                break;
            case Waiting::Join: {
                auto& joiners = task(t.waiting_op->task).joiners;
                joiners.erase(std::remove(joiners.begin(), joiners.end(), id), joiners.end());
                break;
            }
            case Waiting::Send:
            case Waiting::Recv: {
                Chan& c = chans_[static_cast<std::size_t>(t.waiting_op->channel)];
                auto& q = t.waiting == Waiting::Send ? c.senders : c.receivers;
                q.erase(std::remove(q.begin(), q.end(), id), q.end());
                break;
            }
        }
        t.waiting_op = nullptr;
        wake(id);
    }

    const Scenario& scenario_;
    std::vector<Task> tasks_;
    std::vector<Chan> chans_;
    std::deque<int> ready_;
    std::vector<Timer> timers_;
    std::uint64_t next_seq_ = 0;
    std::size_t next_spawn_index_ = 0;
    std::int64_t now_ = 0;
    std::vector<json> trace_;
};

}  // namespace

ReferenceResult run_reference_model(const Scenario& scenario) {
    return Model(scenario).run();
}

}  // namespace coop::test
