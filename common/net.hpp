// TCP on 127.0.0.1 for the echo servers and their load client: the few
// system calls they need, the same for every technique.
//
// Nothing here ever waits. Each call does what it can at once and says so;
// when the answer is WouldBlock, the caller (a task, in whatever technique)
// waits on the loop for the fd to become readable or writable, and tries
// again. That waiting is the part each technique writes in its own way, so
// it is not here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace coop::net {

// Owns a file descriptor and closes it once, when destroyed. Moving it hands
// the descriptor over; a moved-from Socket owns nothing.
class Socket {
  public:
    Socket() = default;
    explicit Socket(int fd) : fd_(fd) {}
    Socket(Socket&& other) noexcept;
    Socket& operator=(Socket&& other) noexcept;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    ~Socket() { close(); }

    int fd() const { return fd_; }
    bool is_open() const { return fd_ >= 0; }
    void close();

  private:
    int fd_ = -1;
};

// "what: the system's text for error", as strerror says it.
std::string error_text(std::string_view what, int error);

// A system call that failed where the caller cannot go on (setting up a
// socket), with the errno it gave. what() is error_text(what, error).
class NetError : public std::system_error {
  public:
    NetError(std::string_view what, int error);
    int error() const { return code().value(); }
};

// A non-blocking TCP socket listening on 127.0.0.1:port; port 0 lets the
// kernel pick a free one (local_port says which). Throws NetError.
Socket listen_on_loopback(std::uint16_t port = 0);
std::uint16_t local_port(const Socket& socket);
void set_non_blocking(int fd);

// What one non-blocking call did.
enum class Io {
    Done,        // it transferred `bytes` bytes (or accepted, or connected)
    WouldBlock,  // nothing to do now (EAGAIN): wait for the fd, then try again
    Closed,      // read: the peer ended the stream (EOF)
    Failed,      // `error` says why (ECONNRESET, EPIPE, ECONNREFUSED, EMFILE...)
};

struct IoResult {
    Io status = Io::Done;
    std::size_t bytes = 0;
    int error = 0;
};

// Reads what is there, at most into.size() bytes.
IoResult read_some(int fd, std::span<std::byte> into);
// Writes what fits in the socket's buffer, possibly less than all of `from`.
// A peer that has gone away is Failed with EPIPE or ECONNRESET, never a
// SIGPIPE that would kill the process.
IoResult write_some(int fd, std::span<const std::byte> from);

struct Accepted {
    Io status = Io::Done;  // Done (peer is set), WouldBlock or Failed
    Socket peer;           // non-blocking, like the listener
    int error = 0;
};
// Takes one pending connection. Connections that the peer dropped before
// they were taken are skipped; Failed means the process is out of a
// resource (EMFILE: too many open files), and retrying at once would spin.
Accepted accept_connection(int listener);
inline Accepted accept_connection(const Socket& listener) {
    return accept_connection(listener.fd());
}

struct Connecting {
    Io status = Io::Done;  // Done (connected), WouldBlock (in progress) or Failed
    Socket socket;         // non-blocking
    int error = 0;
};
// Starts connecting to 127.0.0.1:port. When it is in progress, wait until
// the socket is writable, then ask connect_result how it went. A
// receive_buffer other than 0 sets the socket's SO_RCVBUF first (it must be
// set before connecting): a small one makes the peer's writes partial.
Connecting start_connect(std::uint16_t port, int receive_buffer = 0);
// 0 when the connection was made, else its errno (ECONNREFUSED...).
int connect_result(int fd);
inline int connect_result(const Socket& socket) {
    return connect_result(socket.fd());
}

// Raises this process's limit of open files to the hard limit, and returns
// the limit now in force. Every connection of an in-process run costs two.
std::size_t raise_open_file_limit();

}  // namespace coop::net
