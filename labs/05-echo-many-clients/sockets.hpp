// Non-blocking TCP sockets on 127.0.0.1 for lab 05: the system calls and
// nothing else. Each try_ function makes one system call and answers "not
// now" (std::nullopt) where a blocking socket would have made the whole
// thread wait: the task then awaits readable(fd) or writable(fd) and tries
// again. Real errors throw std::system_error.
//
// The system calls themselves are the project's, in common/net.hpp (the
// echo servers of every technique use them); this file puts them in the
// lab's terms, and adds the small buffers that make writes wait.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "common/net.hpp"

namespace coop::lab05 {

// Owns a file descriptor and closes it.
using Socket = net::Socket;

// A listening socket on 127.0.0.1; with no port, on one the system chooses.
using net::listen_on_loopback;
int port_of(const Socket& listener);

// A connection waiting to be accepted, as a non-blocking socket with a
// small send buffer.
std::optional<Socket> try_accept(int listener);

// Reads at most buffer.size() bytes; 0 means the other end has closed.
std::optional<std::size_t> try_read(int fd, std::span<char> buffer);

// Writes as much of `data` as fits now: possibly less than all of it.
std::optional<std::size_t> try_write(int fd, std::span<const char> data);

// --- for the clients ---------------------------------------------------

// A non-blocking socket connecting to 127.0.0.1:port. The connection is
// made once the socket is writable; then check_connected() says whether it
// succeeded (and throws if not). The receive buffer is kept small, as for a
// client on a slow network, so that a server sending to it must wait.
Socket start_connecting(int port);
void check_connected(int fd);

// No more data from this end: the other end reads 0 once it has the rest.
void shut_down_writing(int fd);

}  // namespace coop::lab05
