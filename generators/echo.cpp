// The echo server as generators that yield requests to a driver. Read it next
// to callbacks/echo.cpp, coroutines/echo.cpp and fibers/echo.cpp: the same two
// tasks, in the same order, written four ways.
//
// Where a task waits: at each `co_yield WaitFd{...}` and `co_yield
// SleepFor{...}`. The task does not talk to the loop: it hands the driver
// (generators/runtime.cpp) a request saying what it waits for, and the driver
// watches the socket and resumes the generator when it is ready. Spawning a
// connection is a request too (SpawnTask), though one that never waits. The
// locals live in the generator's frame across each co_yield, so, as with
// co_await, the code keeps the shape of a blocking server.
#include "generators/echo.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "generators/runtime.hpp"

namespace coop::generators {

namespace {

// One connection: read what is there, write all of it back, again, until the
// peer closes or the connection fails. The socket is a parameter, so it lives
// in the frame and is closed when the frame goes, however the task ends.
TaskGenerator serve_connection(net::Socket peer, EchoStats* stats) {
    std::vector<std::byte> buffer(kEchoChunk);
    for (;;) {
        co_yield WaitFd{peer.fd(), Interest::Readable};  // ← waits until the peer sends or hangs up
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
                co_yield WaitFd{peer.fd(), Interest::Writable};  // ← waits until the peer read some
            }
            unsent = unsent.subspan(put.bytes);
            stats->bytes_echoed += put.bytes;
        }
    }
}

// The accept task: a task per connection, then wait for the next client.
// Creating the task's record is bookkeeping; starting it is a request.
TaskGenerator accept_connections(Runtime* runtime, net::Socket listener, EchoStats* stats) {
    for (;;) {
        net::Accepted next = net::accept_connection(listener);
        if (next.status == net::Io::Done) {
            ++stats->accepted;
            TaskHandle task = runtime->create_task("connection " + std::to_string(stats->accepted));
            co_yield SpawnTask{task, serve_connection(std::move(next.peer), stats)};
        } else if (next.status == net::Io::WouldBlock) {
            co_yield WaitFd{listener.fd(), Interest::Readable};  // ← waits until a client connects
        } else {
            ++stats->accept_failures;
            co_yield SleepFor{kAcceptRetryDelay};  // ← out of file descriptors: let some close
        }
    }
}

class Server final : public EchoServer {
  public:
    Server(Loop& loop, net::Socket listener)
        : runtime_(loop), acceptor_(runtime_.create_task("accept")) {
        runtime_.spawn(acceptor_, accept_connections(&runtime_, std::move(listener), &stats_));
    }

    // The driver throws Cancelled into the accept task at its co_yield: the
    // generator's frame unwinds and the listener in it is closed.
    void stop() override { runtime_.cancel(acceptor_); }

  private:
    Runtime runtime_;
    TaskHandle acceptor_;
};

}  // namespace

std::unique_ptr<EchoServer> start_echo_server(Loop& loop, net::Socket listener) {
    return std::make_unique<Server>(loop, std::move(listener));
}

}  // namespace coop::generators
