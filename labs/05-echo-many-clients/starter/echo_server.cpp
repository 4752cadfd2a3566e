// The echo server. Every operation on a socket is tried at once and, when
// the socket is not ready, awaited: the task gives control back to the loop
// instead of making the whole thread wait.
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
    // LAB: a non-blocking write may take only part of the bytes, or none
    // (std::nullopt: the socket's buffer is full until the client reads).
    // Write the rest once the socket is writable again
    // (co_await coroutines::writable(fd)), until all of `data` is sent.
    //
    // As it is, whatever does not fit at once is lost.
    try_write(fd, data);
    co_return;
}

// One connection, for as long as the client talks. The socket is closed
// when this coroutine's frame goes.
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
    for (;;) {
        Socket client = co_await accept_next(listener);
        // LAB: serve many clients at once. While this coroutine awaits one
        // client's echo, nobody accepts the next one, and nobody answers
        // the others. Give each connection a task of its own
        // (Runtime::current().spawn, a distinct name for each), and go
        // straight back to accepting.
        //
        // As it is, the server talks to one client at a time.
        co_await echo(std::move(client));
    }
}

}  // namespace coop::lab05
