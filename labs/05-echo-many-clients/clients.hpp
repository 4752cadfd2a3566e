// The test's clients of the echo server: coroutine tasks on the same loop
// as the server, talking to it over 127.0.0.1.
#pragma once

#include <cstddef>
#include <string>

#include "coroutines/task.hpp"
#include "labs/05-echo-many-clients/sockets.hpp"

namespace coop::lab05 {

coroutines::Task<Socket> connect_to(int port);
coroutines::Task<void> send_all(int fd, std::string data);
// Reads until `size` bytes have come, or the server closes the connection.
coroutines::Task<std::string> receive(int fd, std::size_t size);
// Reads until the server closes the connection.
coroutines::Task<std::string> receive_until_closed(int fd);

}  // namespace coop::lab05
