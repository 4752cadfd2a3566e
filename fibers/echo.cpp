// The echo server as fibers. Read it next to callbacks/echo.cpp,
// generators/echo.cpp and coroutines/echo.cpp: the same two tasks, in the
// same order, written four ways.
//
// Where a task waits: inside `wait_readable(...)`, `wait_writable(...)` and
// `sleep(...)`. They are plain function calls, with nothing at the call site
// to say that the task may be suspended there: inside, the task's stack is
// switched for the loop's, and the call returns when the socket is ready.
// This is the code of a blocking server, thread per connection, with the
// threads replaced by fibers. Any function the task calls could wait the same
// way, at any depth.
#include "fibers/echo.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "fibers/runtime.hpp"
#include "fibers/suspend.hpp"

namespace coop::fibers {

namespace {

// One connection: read what is there, write all of it back, again, until the
// peer closes or the connection fails. The socket is a parameter, so it lives
// on the fiber's stack and is closed when the stack unwinds, however the task
// ends.
void serve_connection(net::Socket peer, EchoStats& stats) {
    std::vector<std::byte> buffer(kEchoChunk);
    for (;;) {
        wait_readable(peer.fd());  // ← waits until the peer sends something or hangs up
        const net::IoResult got = net::read_some(peer.fd(), buffer);
        if (stats.ends_connection(got)) {
            return;  // EOF or an error
        }
        // Write it all back (nothing, if there was nothing to read after
        // all). The kernel may take only part of it: then wait for room.
        std::span<const std::byte> unsent(buffer.data(), got.bytes);
        while (!unsent.empty()) {
            const net::IoResult put = net::write_some(peer.fd(), unsent);
            if (stats.ends_connection(put)) {
                return;  // the peer reset the connection, or is gone
            }
            if (put.status == net::Io::WouldBlock) {
                ++stats.write_waits;
                wait_writable(peer.fd());  // ← waits until the peer has read some
            }
            unsent = unsent.subspan(put.bytes);
            stats.bytes_echoed += put.bytes;
        }
    }
}

// The accept task: a task per connection, then wait for the next client.
void accept_connections(Runtime& runtime, net::Socket listener, EchoStats& stats, Backend backend) {
    for (;;) {
        net::Accepted next = net::accept_connection(listener);
        if (next.status == net::Io::Done) {
            ++stats.accepted;
            // A task's body is a std::function, which must be copyable, and
            // a Socket is not: it travels in a shared_ptr until the task
            // starts and moves it onto its own stack.
            auto peer = std::make_shared<net::Socket>(std::move(next.peer));
            runtime.spawn(
                "connection " + std::to_string(stats.accepted),
                [peer, &stats] { serve_connection(std::move(*peer), stats); }, backend);
        } else if (next.status == net::Io::WouldBlock) {
            wait_readable(listener.fd());  // ← waits until a client connects
        } else {
            ++stats.accept_failures;
            sleep(kAcceptRetryDelay);  // ← out of file descriptors: let some close
        }
    }
}

class Server final : public EchoServer {
  public:
    Server(Loop& loop, net::Socket listener, Backend backend)
        : runtime_(loop), acceptor_(runtime_.create_task("accept")) {
        auto socket = std::make_shared<net::Socket>(std::move(listener));
        runtime_.spawn(
            acceptor_,
            [this, socket, backend] {
                accept_connections(runtime_, std::move(*socket), stats_, backend);
            },
            backend);
    }

    // The accept task's pending wait throws Cancelled: its stack unwinds and
    // the listener on it is closed.
    void stop() override { runtime_.cancel(acceptor_); }

  private:
    Runtime runtime_;
    TaskHandle acceptor_;
};

}  // namespace

std::unique_ptr<EchoServer> start_echo_server(Loop& loop, net::Socket listener, Backend backend) {
    return std::make_unique<Server>(loop, std::move(listener), backend);
}

}  // namespace coop::fibers
