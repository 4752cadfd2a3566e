#include "labs/05-echo-many-clients/sockets.hpp"

#include <cerrno>
#include <cstdint>
#include <system_error>
#include <utility>

#include <sys/socket.h>

namespace coop::lab05 {

namespace {

[[noreturn]] void fail(int error, const char* what) {
    throw std::system_error(error, std::generic_category(), what);
}

// A read or write as the lab sees it: WouldBlock is "not now", the end of
// the stream is 0 bytes, and a failure throws.
std::optional<std::size_t> bytes_or_not_now(net::IoResult result, const char* what) {
    switch (result.status) {
        case net::Io::Done:
        case net::Io::Closed:
            return result.bytes;
        case net::Io::WouldBlock:
            return std::nullopt;
        case net::Io::Failed:
            break;
    }
    fail(result.error, what);
}

// A small buffer, as a busy server keeps for each of its many connections
// and a client on a slow network has: the writes to it soon have to wait.
constexpr int small_buffer = 16 * 1024;

}  // namespace

int port_of(const Socket& listener) {
    return net::local_port(listener);
}

std::optional<Socket> try_accept(int listener) {
    net::Accepted accepted = net::accept_connection(listener);
    if (accepted.status == net::Io::WouldBlock) {
        return std::nullopt;
    }
    if (accepted.status == net::Io::Failed) {
        fail(accepted.error, "accept");
    }
    // A client that reads slowly soon makes the server's writes wait.
    if (::setsockopt(accepted.peer.fd(), SOL_SOCKET, SO_SNDBUF, &small_buffer,
                     sizeof small_buffer) != 0) {
        fail(errno, "setsockopt SO_SNDBUF");
    }
    return std::move(accepted.peer);
}

std::optional<std::size_t> try_read(int fd, std::span<char> buffer) {
    return bytes_or_not_now(net::read_some(fd, std::as_writable_bytes(buffer)), "recv");
}

std::optional<std::size_t> try_write(int fd, std::span<const char> data) {
    // Writing to a connection the other end has closed is an error to
    // report (EPIPE), not a SIGPIPE that kills the process: net::write_some
    // sees to that.
    return bytes_or_not_now(net::write_some(fd, std::as_bytes(data)), "send");
}

Socket start_connecting(int port) {
    // The receive buffer is set before connecting, so that the window the
    // server sees is small.
    net::Connecting connecting = net::start_connect(static_cast<std::uint16_t>(port), small_buffer);
    if (connecting.status == net::Io::Failed) {
        fail(connecting.error, "connect");
    }
    return std::move(connecting.socket);
}

void check_connected(int fd) {
    if (const int error = net::connect_result(fd); error != 0) {
        fail(error, "connect");
    }
}

void shut_down_writing(int fd) {
    if (::shutdown(fd, SHUT_WR) != 0) {
        fail(errno, "shutdown");
    }
}

}  // namespace coop::lab05
