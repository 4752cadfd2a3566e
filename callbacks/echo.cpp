// The echo server with continuation-passing callbacks. Read it next to
// generators/echo.cpp, coroutines/echo.cpp and fibers/echo.cpp: the same two
// tasks, in the same order, written four ways.
//
// Where a task waits: at each `runtime.wait_readable(...)`,
// `runtime.wait_writable(...)` and `runtime.sleep(...)`. Each one saves the
// rest of the task (a continuation) and *returns*: the function that called
// it must return straight away too, and the task's C++ frames are gone. So
// nothing the task needs afterwards may live on the stack: it is kept in a
// struct (Connection, Acceptor) that outlives every step. Here the server
// owns those structs and each continuation captures only `this`: eight
// bytes that std::function keeps inside itself, so a wait allocates
// nothing. (Boost.Asio's callback examples let the continuations own the
// struct through a shared_ptr, shared_from_this; libstdc++'s std::function
// stores such a closure on the heap, one allocation per wait.)
// A loop that contains a wait cannot be a `for` loop: it becomes member
// functions that ask the loop to call the next one.
#include "callbacks/echo.hpp"

#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "callbacks/runtime.hpp"

namespace coop::callbacks {

namespace {

class Connection;

// The connections being served, each owned here until its task finishes.
using Connections = std::unordered_map<const Connection*, std::unique_ptr<Connection>>;

// One connection: read what is there, write all of it back, again, until the
// peer closes or the connection fails. When its task finishes, the struct
// and its socket go.
class Connection {
  public:
    Connection(Runtime& runtime, TaskRecord& task, net::Socket peer, EchoStats& stats,
               Connections& owner)
        : runtime_(runtime), task_(task), peer_(std::move(peer)), stats_(stats), owner_(owner) {}

    // The task's first step.
    void start(const Wakeup& wakeup) {
        if (!cancelled(wakeup)) {
            wait_for_data();
        }
    }

  private:
    // The top of the task's loop.
    void wait_for_data() {
        runtime_.wait_readable(task_, peer_.fd(), [this](const Wakeup& w) { on_readable(w); });
        // ← waits until the peer sends something or hangs up; the caller returns
    }

    void on_readable(const Wakeup& wakeup) {
        if (cancelled(wakeup)) {
            return;
        }
        const net::IoResult got = net::read_some(peer_.fd(), buffer_);
        if (stats_.ends_connection(got)) {
            end(Ending::Ended);  // EOF or an error
            return;
        }
        // Write it all back (nothing, if there was nothing to read after
        // all). The kernel may take only part of it: then wait for room.
        unsent_ = std::span<const std::byte>(buffer_.data(), got.bytes);
        write_rest();
    }

    // This loop may be a `for` because it returns at once after asking to
    // wait: on_writable comes back into it.
    void write_rest() {
        while (!unsent_.empty()) {
            const net::IoResult put = net::write_some(peer_.fd(), unsent_);
            if (stats_.ends_connection(put)) {
                end(Ending::Ended);  // the peer reset the connection, or is gone
                return;
            }
            if (put.status == net::Io::WouldBlock) {
                ++stats_.write_waits;
                runtime_.wait_writable(task_, peer_.fd(),
                                       [this](const Wakeup& w) { on_writable(w); });
                // ← waits until the peer has read some
                return;
            }
            unsent_ = unsent_.subspan(put.bytes);
            stats_.bytes_echoed += put.bytes;
        }
        wait_for_data();
    }

    void on_writable(const Wakeup& wakeup) {
        if (!cancelled(wakeup)) {
            write_rest();
        }
    }

    // Cancellation arrives as data, at every step: each one must look.
    bool cancelled(const Wakeup& wakeup) {
        if (wakeup.kind != Wakeup::Cancelled) {
            return false;
        }
        end(Ending::Cancelled);
        return true;
    }

    // The task's last step: it finishes, and its owner destroys this struct
    // (the socket closes). Nothing may touch a member after this.
    void end(Ending how) {
        runtime_.finish(task_, how);
        owner_.erase(this);
    }

    Runtime& runtime_;
    TaskRecord& task_;
    net::Socket peer_;
    EchoStats& stats_;
    Connections& owner_;
    std::vector<std::byte> buffer_ = std::vector<std::byte>(kEchoChunk);
    std::span<const std::byte> unsent_;  // what is still to be written back
};

// The accept task: a task per connection, then wait for the next client.
class Acceptor {
  public:
    Acceptor(Runtime& runtime, TaskRecord& task, net::Socket listener, EchoStats& stats,
             Connections& connections)
        : runtime_(runtime),
          task_(task),
          listener_(std::move(listener)),
          stats_(stats),
          connections_(connections) {}

    auto continuation() {  // a lambda: the suspension point builds it in place
        return [this](const Wakeup& w) { go_on(w); };
    }

    // Every step of the task: how it was woken, then accept what is pending.
    void go_on(const Wakeup& wakeup) {
        if (wakeup.kind == Wakeup::Cancelled) {
            listener_.close();  // new clients are refused from now on
            runtime_.finish(task_, Ending::Cancelled);
            return;
        }
        for (;;) {
            net::Accepted next = net::accept_connection(listener_);
            if (next.status == net::Io::Done) {
                ++stats_.accepted;
                start_connection(std::move(next.peer));
            } else if (next.status == net::Io::WouldBlock) {
                runtime_.wait_readable(task_, listener_.fd(), continuation());
                return;  // ← waits until a client connects
            } else {
                ++stats_.accept_failures;
                runtime_.sleep(task_, kAcceptRetryDelay, continuation());
                return;  // ← out of file descriptors: let some close
            }
        }
    }

  private:
    void start_connection(net::Socket peer) {
        TaskHandle task = runtime_.create_task("connection " + std::to_string(stats_.accepted));
        auto connection = std::make_unique<Connection>(runtime_, task.record(), std::move(peer),
                                                       stats_, connections_);
        Connection* first_step_of = connection.get();
        connections_.emplace(first_step_of, std::move(connection));
        runtime_.spawn(task, [first_step_of](const Wakeup& w) { first_step_of->start(w); });
    }

    Runtime& runtime_;
    TaskRecord& task_;
    net::Socket listener_;
    EchoStats& stats_;
    Connections& connections_;
};

class Server final : public EchoServer {
  public:
    Server(Loop& loop, net::Socket listener)
        : runtime_(loop), accept_task_(runtime_.create_task("accept")) {
        acceptor_ = std::make_unique<Acceptor>(runtime_, accept_task_.record(), std::move(listener),
                                               stats_, connections_);
        runtime_.spawn(accept_task_, acceptor_->continuation());
    }

    // The accept task's continuation is called with Wakeup::Cancelled: it
    // closes the listener and finishes.
    void stop() override { runtime_.cancel(accept_task_); }

  private:
    // Destroyed in the reverse order: the runtime first (it takes its fd
    // watchers out of the loop and drops the continuations, which own
    // nothing), then the structs the continuations pointed at, closing
    // their sockets.
    Connections connections_;
    std::unique_ptr<Acceptor> acceptor_;
    Runtime runtime_;
    TaskHandle accept_task_;
};

}  // namespace

std::unique_ptr<EchoServer> start_echo_server(Loop& loop, net::Socket listener) {
    return std::make_unique<Server>(loop, std::move(listener));
}

}  // namespace coop::callbacks
