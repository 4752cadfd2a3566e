// A TCP echo server written with fibers: tasks with stacks of their own, on
// either backend. common/echo.hpp says what every technique's echo server
// does; docs/echo.md compares the four.
#pragma once

#include <memory>

#include "common/echo.hpp"
#include "common/loop.hpp"
#include "common/net.hpp"
#include "fibers/task.hpp"

namespace coop::fibers {

// Serves on `listener` (from net::listen_on_loopback) with tasks on `loop`:
// they run when the loop runs. `backend` chooses how the tasks switch
// stacks: boost::context fibers or Boost.Coroutine2 (fibers/task.hpp); the
// server's code is the same for both. Destroy the server once the loop has
// run dry or been cleared, as any runtime: queued callbacks point at its
// tasks.
std::unique_ptr<EchoServer> start_echo_server(Loop& loop, net::Socket listener,
                                              Backend backend = Backend::Fiber);

}  // namespace coop::fibers
