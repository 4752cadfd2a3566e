// The echo server as C++20 coroutines. Read it next to callbacks/echo.cpp,
// generators/echo.cpp and fibers/echo.cpp: the same two tasks, in the same
// order, written four ways.
//
// Where a task waits: at each `co_await readable(...)`, `co_await
// writable(...)` and `co_await sleep(...)`, and nowhere else. Between two of
// them a task runs without interruption; the loop serves the other
// connections only while it waits there. Its locals (the buffer, what is left
// to write) live in the coroutine's frame meanwhile, so the code keeps the
// shape of a blocking server: two plain loops.
#include "coroutines/echo.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"

namespace coop::coroutines {

namespace {

// One connection: read what is there, write all of it back, again, until the
// peer closes or the connection fails. The socket is a parameter, so it lives
// in the frame and is closed when the frame goes, however the task ends.
Task<void> serve_connection(net::Socket peer, EchoStats* stats) {
    std::vector<std::byte> buffer(kEchoChunk);
    for (;;) {
        co_await readable(peer.fd());  // ← waits until the peer sends something or hangs up
        const net::IoResult got = net::read_some(peer.fd(), buffer);
        if (stats->ends_connection(got)) {
            co_return;  // EOF or an error
        }
        // Write it all back (nothing, if there was nothing to read after
        // all). The kernel may take only part of it: then wait for room.
        std::span<const std::byte> unsent(buffer.data(), got.bytes);
        while (!unsent.empty()) {
            const net::IoResult put = net::write_some(peer.fd(), unsent);
            if (stats->ends_connection(put)) {
                co_return;  // the peer reset the connection, or is gone
            }
            if (put.status == net::Io::WouldBlock) {
                ++stats->write_waits;
                co_await writable(peer.fd());  // ← waits until the peer has read some
            }
            unsent = unsent.subspan(put.bytes);
            stats->bytes_echoed += put.bytes;
        }
    }
}

// The accept task: a task per connection, then wait for the next client.
Task<void> accept_connections(Runtime* runtime, net::Socket listener, EchoStats* stats) {
    for (;;) {
        net::Accepted next = net::accept_connection(listener);
        if (next.status == net::Io::Done) {
            ++stats->accepted;
            runtime->spawn("connection " + std::to_string(stats->accepted),
                           serve_connection(std::move(next.peer), stats));
        } else if (next.status == net::Io::WouldBlock) {
            co_await readable(listener.fd());  // ← waits until a client connects
        } else {
            ++stats->accept_failures;
            co_await sleep(kAcceptRetryDelay);  // ← out of file descriptors: let some close
        }
    }
}

class Server final : public EchoServer {
  public:
    Server(Loop& loop, net::Socket listener)
        : runtime_(loop),
          acceptor_(runtime_.spawn("accept",
                                   accept_connections(&runtime_, std::move(listener), &stats_))) {}

    // The accept task's pending co_await throws Cancelled: its frame unwinds
    // and the listener in it is closed.
    void stop() override { runtime_.cancel(acceptor_); }

  private:
    Runtime runtime_;
    TaskHandle acceptor_;
};

}  // namespace

std::unique_ptr<EchoServer> start_echo_server(Loop& loop, net::Socket listener) {
    return std::make_unique<Server>(loop, std::move(listener));
}

}  // namespace coop::coroutines
