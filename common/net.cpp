#include "common/net.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace coop::net {

Socket::Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

Socket& Socket::operator=(Socket&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

void Socket::close() {
    if (fd_ >= 0) {
        // Even when close reports an error the descriptor is gone (Linux):
        // never retry it, another thread's new fd might have its number.
        ::close(std::exchange(fd_, -1));
    }
}

std::string error_text(std::string_view what, int error) {
    return std::string(what) + ": " + std::strerror(error);
}

NetError::NetError(std::string_view what, int error)
    : std::system_error(error, std::generic_category(), std::string(what)) {}

namespace {

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

std::string where(std::string_view call, std::uint16_t port) {
    return std::string(call) + " 127.0.0.1:" + std::to_string(port);
}

Socket new_tcp_socket() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw NetError("socket", errno);
    }
    return Socket{fd};
}

// Nagle's algorithm holds back a small segment while an earlier one is not
// yet acknowledged, and the peer may delay its acknowledgement by up to
// 40 ms: the tail of every large echo would wait that long. Off, every write
// leaves at once.
void send_at_once(const Socket& socket) {
    const int on = 1;
    if (::setsockopt(socket.fd(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0) {
        throw NetError("setsockopt TCP_NODELAY", errno);
    }
}

bool is_would_block(int error) {
    return error == EAGAIN || error == EWOULDBLOCK;
}

}  // namespace

Socket listen_on_loopback(std::uint16_t port) {
    Socket socket = new_tcp_socket();
    const int on = 1;
    // A server restarted on the same port must not wait for the old
    // connections' TIME_WAIT to pass.
    if (::setsockopt(socket.fd(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0) {
        throw NetError("setsockopt SO_REUSEADDR", errno);
    }
    const sockaddr_in address = loopback(port);
    if (::bind(socket.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        throw NetError(where("bind", port), errno);
    }
    if (::listen(socket.fd(), SOMAXCONN) != 0) {
        throw NetError(where("listen", port), errno);
    }
    return socket;
}

std::uint16_t local_port(const Socket& socket) {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (::getsockname(socket.fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        throw NetError("getsockname", errno);
    }
    return ntohs(address.sin_port);
}

void set_non_blocking(int fd) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        throw NetError("fcntl O_NONBLOCK", errno);
    }
}

IoResult read_some(int fd, std::span<std::byte> into) {
    for (;;) {
        const ssize_t n = ::recv(fd, into.data(), into.size(), 0);
        if (n > 0) {
            return IoResult{Io::Done, static_cast<std::size_t>(n), 0};
        }
        if (n == 0) {
            return IoResult{Io::Closed, 0, 0};
        }
        if (errno != EINTR) {
            return IoResult{is_would_block(errno) ? Io::WouldBlock : Io::Failed, 0, errno};
        }
    }
}

IoResult write_some(int fd, std::span<const std::byte> from) {
    for (;;) {
        const ssize_t n = ::send(fd, from.data(), from.size(), MSG_NOSIGNAL);
        if (n >= 0) {
            return IoResult{Io::Done, static_cast<std::size_t>(n), 0};
        }
        if (errno != EINTR) {
            return IoResult{is_would_block(errno) ? Io::WouldBlock : Io::Failed, 0, errno};
        }
    }
}

Accepted accept_connection(int listener) {
    for (;;) {
        const int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            Socket peer{fd};
            send_at_once(peer);
            return Accepted{Io::Done, std::move(peer), 0};
        }
        switch (errno) {
            case EINTR:
            // The peer gave up before we took the connection (or Linux
            // hands us a network error that belongs to it): take the next.
            case ECONNABORTED:
            case EPROTO:
            case ENETDOWN:
            case ENOPROTOOPT:
            case EHOSTDOWN:
            case ENONET:
            case EHOSTUNREACH:
            case EOPNOTSUPP:
            case ENETUNREACH:
                continue;
            default:
                return Accepted{is_would_block(errno) ? Io::WouldBlock : Io::Failed, Socket{},
                                errno};
        }
    }
}

Connecting start_connect(std::uint16_t port, int receive_buffer) {
    Socket socket = new_tcp_socket();
    if (receive_buffer > 0 && ::setsockopt(socket.fd(), SOL_SOCKET, SO_RCVBUF, &receive_buffer,
                                           sizeof receive_buffer) != 0) {
        throw NetError("setsockopt SO_RCVBUF", errno);
    }
    send_at_once(socket);
    const sockaddr_in address = loopback(port);
    if (::connect(socket.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
        return Connecting{Io::Done, std::move(socket), 0};
    }
    // An interrupted connect goes on by itself, like one in progress.
    if (errno == EINPROGRESS || errno == EINTR) {
        return Connecting{Io::WouldBlock, std::move(socket), 0};
    }
    return Connecting{Io::Failed, std::move(socket), errno};
}

int connect_result(int fd) {
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
        return errno;
    }
    return error;
}

std::size_t raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return 0;
    }
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
            limit = raised;
        }
    }
    return static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace coop::net
