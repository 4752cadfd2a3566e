#include "labs/05-echo-many-clients/clients.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "coroutines/suspend.hpp"

namespace coop::lab05 {

coroutines::Task<Socket> connect_to(int port) {
    Socket socket = start_connecting(port);
    co_await coroutines::writable(socket.fd());
    check_connected(socket.fd());
    co_return socket;
}

coroutines::Task<void> send_all(int fd, std::string data) {
    std::span<const char> rest(data);
    while (!rest.empty()) {
        if (std::optional<std::size_t> n = try_write(fd, rest)) {
            rest = rest.subspan(*n);
        } else {
            co_await coroutines::writable(fd);
        }
    }
}

coroutines::Task<std::string> receive(int fd, std::size_t size) {
    std::string received;
    std::array<char, 4096> buffer{};
    while (received.size() < size) {
        const std::size_t wanted = std::min(buffer.size(), size - received.size());
        if (std::optional<std::size_t> n = try_read(fd, std::span(buffer.data(), wanted))) {
            if (*n == 0) {
                break;  // closed early: the caller sees the bytes missing
            }
            received.append(buffer.data(), *n);
        } else {
            co_await coroutines::readable(fd);
        }
    }
    co_return received;
}

coroutines::Task<std::string> receive_until_closed(int fd) {
    std::string received;
    std::array<char, 4096> buffer{};
    for (;;) {
        if (std::optional<std::size_t> n = try_read(fd, buffer)) {
            if (*n == 0) {
                co_return received;
            }
            received.append(buffer.data(), *n);
        } else {
            co_await coroutines::readable(fd);
        }
    }
}

}  // namespace coop::lab05
