// A TCP echo server written with continuation-passing callbacks.
// common/echo.hpp says what every technique's echo server does; docs/echo.md
// compares the four.
#pragma once

#include <memory>

#include "common/echo.hpp"
#include "common/loop.hpp"
#include "common/net.hpp"

namespace coop::callbacks {

// Serves on `listener` (from net::listen_on_loopback) with tasks on `loop`:
// they run when the loop runs. Destroy the server once the loop has run dry
// or been cleared, as any runtime: queued callbacks point at its tasks.
std::unique_ptr<EchoServer> start_echo_server(Loop& loop, net::Socket listener);

}  // namespace coop::callbacks
