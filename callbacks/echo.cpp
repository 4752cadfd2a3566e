// The echo server with continuation-passing callbacks. Read it next to
// generators/echo.cpp, coroutines/echo.cpp and fibers/echo.cpp: the same two
// tasks, in the same order, written four ways.
//
// Where a task waits: at each `runtime.wait_readable(...)`,
// `runtime.wait_writable(...)` and `runtime.sleep(...)`. Each one saves the
// rest of the task (a continuation) and *returns*: the function that called
// it must return straight away too, and the task's C++ frames are gone. So
// nothing the task needs afterwards may live on the stack: it is kept in a
// struct (Connection, Acceptor), which the continuations keep alive through
// a shared_ptr, as Boost.Asio's callback examples do with shared_from_this.
// A loop that contains a wait cannot be a `for` loop: it becomes member
// functions that ask the loop to call the next one.
#include "callbacks/echo.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "callbacks/runtime.hpp"

namespace coop::callbacks {

namespace {

// One connection: read what is there, write all of it back, again, until the
// peer closes or the connection fails. The last continuation to go takes the
// struct with it, and the socket is closed.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(Runtime& runtime, TaskRecord& task, net::Socket peer, EchoStats& stats)
        : runtime_(runtime), task_(task), peer_(std::move(peer)), stats_(stats) {}

    // The task's first step.
    void start(const Wakeup& wakeup) {
        if (!cancelled(wakeup)) {
            wait_for_data();
        }
    }

  private:
    // The top of the task's loop.
    void wait_for_data() {
        runtime_.wait_readable(task_, peer_.fd(), [self = shared_from_this()](const Wakeup& w) {
            self->on_readable(w);
        });  // ← waits until the peer sends something or hangs up; the caller returns
    }

    void on_readable(const Wakeup& wakeup) {
        if (cancelled(wakeup)) {
            return;
        }
        const net::IoResult got = net::read_some(peer_.fd(), buffer_);
        if (stats_.ends_connection(got)) {
            runtime_.finish(task_, Ending::Ended);  // EOF or an error
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
                runtime_.finish(task_, Ending::Ended);  // the peer reset the connection, or is gone
                return;
            }
            if (put.status == net::Io::WouldBlock) {
                ++stats_.write_waits;
                runtime_.wait_writable(task_, peer_.fd(),
                                       [self = shared_from_this()](const Wakeup& w) {
                                           self->on_writable(w);
                                       });  // ← waits until the peer has read some
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
        runtime_.finish(task_, Ending::Cancelled);
        return true;
    }

    Runtime& runtime_;
    TaskRecord& task_;
    net::Socket peer_;
    EchoStats& stats_;
    std::vector<std::byte> buffer_ = std::vector<std::byte>(kEchoChunk);
    std::span<const std::byte> unsent_;  // what is still to be written back
};

// The accept task: a task per connection, then wait for the next client.
class Acceptor : public std::enable_shared_from_this<Acceptor> {
  public:
    Acceptor(Runtime& runtime, TaskRecord& task, net::Socket listener, EchoStats& stats)
        : runtime_(runtime), task_(task), listener_(std::move(listener)), stats_(stats) {}

    // Every step of the task: how it was woken, then accept what is pending.
    void go_on(const Wakeup& wakeup) {
        if (wakeup.kind == Wakeup::Cancelled) {
            runtime_.finish(task_, Ending::Cancelled);  // the listener goes with this struct
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

    Continuation continuation() {
        return [self = shared_from_this()](const Wakeup& w) { self->go_on(w); };
    }

  private:
    void start_connection(net::Socket peer) {
        TaskHandle task = runtime_.create_task("connection " + std::to_string(stats_.accepted));
        auto connection =
            std::make_shared<Connection>(runtime_, task.record(), std::move(peer), stats_);
        runtime_.spawn(task, [connection](const Wakeup& w) { connection->start(w); });
    }

    Runtime& runtime_;
    TaskRecord& task_;
    net::Socket listener_;
    EchoStats& stats_;
};

class Server final : public EchoServer {
  public:
    Server(Loop& loop, net::Socket listener)
        : runtime_(loop), acceptor_(runtime_.create_task("accept")) {
        auto acceptor =
            std::make_shared<Acceptor>(runtime_, acceptor_.record(), std::move(listener), stats_);
        runtime_.spawn(acceptor_, acceptor->continuation());
    }

    // The accept task's continuation is called with Wakeup::Cancelled: it
    // finishes, and the last continuation holding the Acceptor (and the
    // listener in it) goes.
    void stop() override { runtime_.cancel(acceptor_); }

  private:
    Runtime runtime_;
    TaskHandle acceptor_;
};

}  // namespace

std::unique_ptr<EchoServer> start_echo_server(Loop& loop, net::Socket listener) {
    return std::make_unique<Server>(loop, std::move(listener));
}

}  // namespace coop::callbacks
