// The load generator of `coop echo`: many connections to an echo server at
// once, each sending messages one after another and checking every byte that
// comes back. It runs on the loop like the servers do, written with the
// coroutines module, so that one thread holds both sides of every connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/loop.hpp"

namespace coop::cli {

struct LoadOptions {
    std::uint16_t port = 0;       // the server, on 127.0.0.1
    std::size_t connections = 1;  // opened at once, each with its own task
    std::size_t messages = 1;     // per connection, one round trip at a time
    std::size_t size = 1;         // bytes per message
    // The client sockets' SO_RCVBUF; 0 keeps the system's. A small one makes
    // the server's writes partial: tests use it.
    int receive_buffer = 0;
};

struct LoadReport {
    std::size_t connections_ok = 0;  // connections that got every message back
    std::size_t messages = 0;        // round trips completed, every byte checked
    std::uint64_t bytes = 0;         // message bytes that came back, checked
    // One per completed round trip: from handing the message to the kernel
    // to the last byte of its echo, on the loop's clock.
    std::vector<Duration> latencies;
    Duration elapsed{};               // from the first connect to the last connection's end
    std::vector<std::string> errors;  // "connection 3: ...", one per failed connection
};

// Latency percentiles by nearest rank; all zero when there is none.
struct Percentiles {
    Duration p50{}, p90{}, p99{}, max{};
};
Percentiles percentiles(std::vector<Duration> latencies);

// The bytes of message `message` on connection `connection`: every message
// differs from every other, so a byte echoed out of place is caught.
void fill_message(std::span<std::byte> out, std::size_t connection, std::size_t message);

class EchoLoad {
  public:
    // Spawns the connections' tasks on `loop`; they run when the loop runs.
    // `when_done` is called, on the loop, once every connection has ended
    // (all messages echoed, or failed).
    EchoLoad(Loop& loop, LoadOptions options, std::function<void()> when_done = {});
    ~EchoLoad();
    EchoLoad(const EchoLoad&) = delete;
    EchoLoad& operator=(const EchoLoad&) = delete;

    bool done() const;
    const LoadReport& report() const;

    struct State;

  private:
    std::unique_ptr<State> state_;
};

}  // namespace coop::cli
