// What every technique's TCP echo server does, and the one interface they
// share (callbacks/echo.cpp, generators/echo.cpp, coroutines/echo.cpp,
// fibers/echo.cpp; docs/echo.md compares them).
//
// Each server is written by hand in its technique's own idiom, in the same
// order, so that the four files can be read side by side:
//
//   the accept task      takes every pending connection and spawns a task
//                        for it; when none is pending it waits until the
//                        listening socket is readable
//   a connection task    waits until its socket is readable, reads what is
//                        there, writes all of it back (waiting until the
//                        socket is writable whenever the kernel takes only
//                        part of it), and goes round again; it ends at EOF
//                        or at an error (a reset, a broken pipe), which
//                        touches no other connection
//
// Nothing ever blocks: every socket is non-blocking, and a task that cannot
// go on waits on the loop, which meanwhile runs every other task.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "common/clock.hpp"
#include "common/net.hpp"

namespace coop {

// What a server has done so far.
struct EchoStats {
    std::size_t accepted = 0;        // connections taken
    std::size_t closed_by_peer = 0;  // connections that ended at EOF
    std::size_t failed = 0;          // connections that ended at an error
    std::uint64_t bytes_echoed = 0;
    std::size_t write_waits = 0;      // writes the kernel took only part of: the task waited
    std::size_t accept_failures = 0;  // accept found the process out of a resource

    // True when `io`, a connection's read or write, ends the connection: the
    // peer closed it (EOF) or it failed (a reset, a broken pipe). Counts it.
    bool ends_connection(const net::IoResult& io) {
        closed_by_peer += io.status == net::Io::Closed ? 1 : 0;
        failed += io.status == net::Io::Failed ? 1 : 0;
        return io.status == net::Io::Closed || io.status == net::Io::Failed;
    }
};

class EchoServer {
  public:
    virtual ~EchoServer() = default;
    // Stops accepting: the accept task is cancelled and closes the listening
    // socket. Connections already open go on until their peers close them;
    // then the loop has nothing left and run() returns. Destroying the
    // server abandons whatever is still open (the sockets are closed).
    virtual void stop() = 0;
    const EchoStats& stats() const { return stats_; }

  protected:
    // Here, in the base, it outlives the server's runtime, whose tasks
    // point at it until they are destroyed.
    EchoStats stats_;
};

// How much a connection reads at a time.
inline constexpr std::size_t kEchoChunk = 16 * 1024;
// After accept failed for want of a resource (too many open files), how
// long the accept task waits before trying again: the listening socket stays
// readable, so waiting for it would spin.
inline constexpr Duration kAcceptRetryDelay = std::chrono::milliseconds(50);

}  // namespace coop
