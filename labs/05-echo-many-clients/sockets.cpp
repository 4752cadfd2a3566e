#include "labs/05-echo-many-clients/sockets.hpp"

#include <cerrno>
#include <cstdint>
#include <system_error>
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace coop::lab05 {

namespace {

[[noreturn]] void fail(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

bool would_block() {
    return errno == EAGAIN || errno == EWOULDBLOCK;
}

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

}  // namespace

Socket::Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

Socket& Socket::operator=(Socket&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

Socket::~Socket() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

Socket listen_on_loopback() {
    Socket listener(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (listener.fd() < 0) {
        fail("socket");
    }
    sockaddr_in address = loopback(0);  // port 0: the system chooses
    if (::bind(listener.fd(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        fail("bind");
    }
    if (::listen(listener.fd(), SOMAXCONN) != 0) {
        fail("listen");
    }
    return listener;
}

int port_of(const Socket& listener) {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (::getsockname(listener.fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        fail("getsockname");
    }
    return ntohs(address.sin_port);
}

std::optional<Socket> try_accept(int listener) {
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        if (would_block()) {
            return std::nullopt;
        }
        fail("accept");
    }
    Socket client(fd);
    // A small send buffer, as a busy server keeps for each of its many
    // connections: a client that reads slowly soon makes writes wait.
    const int send_buffer = 16 * 1024;
    if (::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer) != 0) {
        fail("setsockopt");
    }
    return client;
}

std::optional<std::size_t> try_read(int fd, std::span<char> buffer) {
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n < 0) {
        if (would_block()) {
            return std::nullopt;
        }
        fail("recv");
    }
    return static_cast<std::size_t>(n);
}

std::optional<std::size_t> try_write(int fd, std::span<const char> data) {
    // MSG_NOSIGNAL: writing to a connection the other end has closed is an
    // error to report, not a SIGPIPE that kills the process.
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) {
        if (would_block()) {
            return std::nullopt;
        }
        fail("send");
    }
    return static_cast<std::size_t>(n);
}

Socket start_connecting(int port) {
    Socket client(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (client.fd() < 0) {
        fail("socket");
    }
    // Set before connecting, so that the window the server sees is small.
    const int receive_buffer = 16 * 1024;
    if (::setsockopt(client.fd(), SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer) !=
        0) {
        fail("setsockopt");
    }
    sockaddr_in address = loopback(port);
    if (::connect(client.fd(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 &&
        errno != EINPROGRESS) {
        fail("connect");
    }
    return client;
}

void check_connected(int fd) {
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
        fail("getsockopt");
    }
    if (error != 0) {
        errno = error;
        fail("connect");
    }
}

void shut_down_writing(int fd) {
    if (::shutdown(fd, SHUT_WR) != 0) {
        fail("shutdown");
    }
}

}  // namespace coop::lab05
