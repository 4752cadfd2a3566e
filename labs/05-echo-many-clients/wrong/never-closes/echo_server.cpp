// WRONG (ownership lost): the connections are kept in a list that nobody
// empties, and the tasks get only the bare file descriptor: no connection
// is ever closed, so a client waiting for the end of the echo waits
// forever, and the descriptors are left open.
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
#include <vector>

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
    while (!data.empty()) {
        if (std::optional<std::size_t> n = try_write(fd, data)) {
            data = data.subspan(*n);  // what did not fit is written next time round
        } else {
            co_await coroutines::writable(fd);  // the client has not read enough yet
        }
    }
}

// One connection, for as long as the client talks. The task owns the
// socket: it is closed when the task ends, or is cancelled.
coroutines::Task<void> echo(int client) {
    std::array<char, 4096> buffer{};
    for (;;) {
        const std::size_t n = co_await read_some(client, buffer);
        if (n == 0) {
            co_return;  // the client closed its end (and the socket stays open)
        }
        co_await write_all(client, std::span<const char>(buffer.data(), n));
    }
}

// Every connection, kept "for later": nobody closes them.
std::vector<Socket>& connections() {
    static std::vector<Socket> kept;
    return kept;
}

}  // namespace

coroutines::Task<void> serve(int listener) {
    coroutines::Runtime& rt = coroutines::Runtime::current();
    for (int connection = 0;; ++connection) {
        Socket client = co_await accept_next(listener);
        // A task of its own: the server goes straight back to accepting.
        connections().push_back(std::move(client));
        rt.spawn("connection " + std::to_string(connection), echo(connections().back().fd()));
    }
}

}  // namespace coop::lab05
