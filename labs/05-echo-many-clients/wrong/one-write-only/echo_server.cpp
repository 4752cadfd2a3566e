// WRONG (a missed step): every connection has a task of its own, but
// write_all tries once: the part of a write that does not fit in the
// socket's buffer now is lost, as a client sending a lot finds out.
//
// The echo server. Every operation on a socket is tried at once and, when
// the socket is not ready, awaited: the task gives control back to the loop
// instead of making the whole thread wait. Each connection is a task of its
// own, so a client that is slow, or silent, holds up nobody else.
#include "labs/05-echo-many-clients/echo_server.hpp"

#include <array>
#include <span>
#include <string>
#include <utility>

#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "labs/05-echo-many-clients/sockets.hpp"

namespace coop::lab05 {

namespace {

coroutines::Task<Socket> accept_next(int listener) {
    for (;;) {
        if (std::optional<Socket> client = try_accept(listener)) {
            co_return std::move(*client);
        }
        co_await coroutines::readable(listener);  // someone is knocking
    }
}

coroutines::Task<std::size_t> read_some(int fd, std::span<char> buffer) {
    for (;;) {
        if (std::optional<std::size_t> n = try_read(fd, buffer)) {
            co_return *n;
        }
        co_await coroutines::readable(fd);
    }
}

coroutines::Task<void> write_all(int fd, std::span<const char> data) {
    // One try, as if a write always took everything: what does not fit in
    // the socket's buffer now is lost.
    try_write(fd, data);
    co_return;
}

// One connection, for as long as the client talks. The task owns the
// socket: it is closed when the task ends, or is cancelled.
coroutines::Task<void> echo(Socket client) {
    std::array<char, 4096> buffer{};
    for (;;) {
        const std::size_t n = co_await read_some(client.fd(), buffer);
        if (n == 0) {
            co_return;  // the client closed its end
        }
        co_await write_all(client.fd(), std::span<const char>(buffer.data(), n));
    }
}

}  // namespace

coroutines::Task<void> serve(int listener) {
    coroutines::Runtime& rt = coroutines::Runtime::current();
    for (int connection = 0;; ++connection) {
        Socket client = co_await accept_next(listener);
        // A task of its own: the server goes straight back to accepting.
        rt.spawn("connection " + std::to_string(connection), echo(std::move(client)));
    }
}

}  // namespace coop::lab05
