// Every technique's echo server (its echo.cpp) against the load client of
// `coop echo` (cli/echo_load.cpp), over 127.0.0.1, on one real-clock loop:
// every byte must come back, whatever the peers do. No test looks at times.
#include <doctest/doctest.h>

#include <cerrno>
#include <memory>
#include <string>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/echo_load.hpp"
#include "cli/techniques.hpp"
#include "common/net.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"

namespace coop::test {

using cli::EchoLoad;
using cli::LoadOptions;
using cli::LoadReport;
namespace co = coop::coroutines;

namespace {

// A technique's server listening on a free port of 127.0.0.1.
struct Rig {
    explicit Rig(const TechniqueEntry& entry, int send_buffer = 0) {
        net::Socket listener = net::listen_on_loopback(0);
        // Accepted sockets inherit the listener's buffer sizes.
        if (send_buffer > 0) {
            REQUIRE(::setsockopt(listener.fd(), SOL_SOCKET, SO_SNDBUF, &send_buffer,
                                 sizeof send_buffer) == 0);
        }
        port = net::local_port(listener);
        server = entry.start_echo_server(loop, std::move(listener));
    }

    // Runs `load` to its end, then stops the server and runs the loop dry.
    LoadReport run_load(LoadOptions load) {
        load.port = port;
        EchoLoad client(loop, load, [this] { server->stop(); });
        loop.run();
        CHECK(client.done());
        CHECK_FALSE(loop.has_work());
        return client.report();
    }

    std::size_t connections_ended() const {
        return server->stats().closed_by_peer + server->stats().failed;
    }

    Loop loop{ClockKind::Real};
    std::uint16_t port = 0;
    std::unique_ptr<EchoServer> server;
};

void check_complete(const LoadReport& report, const LoadOptions& load) {
    for (const std::string& error : report.errors) {
        INFO(error);
        CHECK(false);
    }
    CHECK(report.connections_ok == load.connections);
    CHECK(report.messages == load.connections * load.messages);
    CHECK(report.bytes == load.connections * load.messages * load.size);
    CHECK(report.latencies.size() == report.messages);
}

// A peer that is not the load client: a plain blocking socket, connected
// before the loop runs (the kernel completes a connection to a listening
// socket by itself; the server accepts it later).
net::Socket raw_peer(std::uint16_t port, int receive_buffer = 0) {
    net::Connecting attempt = net::start_connect(port, receive_buffer);
    REQUIRE(attempt.status != net::Io::Failed);
    const int flags = 0;
    REQUIRE(::fcntl(attempt.socket.fd(), F_SETFL, flags) == 0);  // blocking again
    return std::move(attempt.socket);
}

// Closes with a reset (RST) instead of an orderly end (FIN).
void reset(net::Socket& socket) {
    const linger abort{1, 0};
    REQUIRE(::setsockopt(socket.fd(), SOL_SOCKET, SO_LINGER, &abort, sizeof abort) == 0);
    socket.close();
}

}  // namespace

TEST_CASE("echo: every server echoes every byte to 200 connections at once") {
    const LoadOptions load{.port = 0, .connections = 200, .messages = 20, .size = 512};
    for (const TechniqueEntry& entry : all_techniques()) {
        INFO(entry.name);
        Rig rig(entry);
        const LoadReport report = rig.run_load(load);
        check_complete(report, load);
        const EchoStats& stats = rig.server->stats();
        CHECK(stats.accepted == load.connections);
        CHECK(stats.closed_by_peer == load.connections);
        CHECK(stats.failed == 0);
        CHECK(stats.bytes_echoed == report.bytes);
    }
}

TEST_CASE("echo: a 1 MiB message through small socket buffers comes back whole") {
    // The server's sockets hold 4 KiB to send and the client's 4 KiB to
    // receive: every 16 KiB the server reads, the kernel takes only part of,
    // and the rest waits until the client has read some.
    const LoadOptions load{
        .port = 0, .connections = 3, .messages = 2, .size = 1024 * 1024, .receive_buffer = 4096};
    for (const TechniqueEntry& entry : all_techniques()) {
        INFO(entry.name);
        Rig rig(entry, 4096);
        const LoadReport report = rig.run_load(load);
        check_complete(report, load);
        CHECK(rig.server->stats().write_waits > 0);
        CHECK(rig.server->stats().bytes_echoed == report.bytes);
    }
}

TEST_CASE("echo: peers that go silent, hang up or reset mid-message harm no one else") {
    const LoadOptions load{.port = 0, .connections = 50, .messages = 10, .size = 1000};
    const std::vector<char> half_message(500, 'x');
    for (const TechniqueEntry& entry : all_techniques()) {
        INFO(entry.name);
        Rig rig(entry, 4096);

        // Three that come and go: one sends nothing, one hangs up in the
        // middle of a message, one resets in the middle of a message.
        net::Socket silent = raw_peer(rig.port);
        net::Socket hangs_up = raw_peer(rig.port);
        net::Socket resets = raw_peer(rig.port);
        REQUIRE(::send(hangs_up.fd(), half_message.data(), half_message.size(), 0) == 500);
        REQUIRE(::send(resets.fd(), half_message.data(), half_message.size(), 0) == 500);
        silent.close();
        hangs_up.close();
        reset(resets);
        // And a hog: it sends what it can of 256 KiB and never reads. Its
        // receive buffer and the server's send buffer are small, so the
        // server's connection to it soon waits to write.
        net::Socket hog = raw_peer(rig.port, 4096);
        const std::vector<char> lots(256 * 1024, 'h');
        REQUIRE(::send(hog.fd(), lots.data(), lots.size(), MSG_DONTWAIT) > 0);

        while (rig.connections_ended() < 3 || rig.server->stats().write_waits == 0) {
            REQUIRE(rig.loop.run_once());
        }
        CHECK(rig.server->stats().accepted == 4);

        // Now the load, with the hog still stuck; when the load is done the
        // hog resets, and its connection must end too for the loop to end.
        LoadOptions to_rig = load;
        to_rig.port = rig.port;
        EchoLoad client(rig.loop, to_rig, [&] {
            reset(hog);
            rig.server->stop();
        });
        rig.loop.run();
        check_complete(client.report(), load);
        const EchoStats& stats = rig.server->stats();
        CHECK(stats.accepted == 4 + load.connections);
        CHECK(rig.connections_ended() == stats.accepted);
        CHECK(stats.failed >= 1);  // the hog, at least
    }
}

namespace {

// Sends `text` on a blocking socket and reads as many bytes back, or fewer
// if the connection ends or nothing comes for 10 s (a hang fails the test
// instead of stalling it; no test depends on how long anything takes).
std::string echo_once(const net::Socket& peer, const std::string& text) {
    const timeval patience{10, 0};
    REQUIRE(::setsockopt(peer.fd(), SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience) == 0);
    REQUIRE(::send(peer.fd(), text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()));
    std::string got(text.size(), '\0');
    std::size_t have = 0;
    while (have < got.size()) {
        const ssize_t n = ::recv(peer.fd(), got.data() + have, got.size() - have, 0);
        if (n <= 0) {
            break;
        }
        have += static_cast<std::size_t>(n);
    }
    return got.substr(0, have);
}

}  // namespace

TEST_CASE("echo: a server out of file descriptors serves what it has and takes the rest later") {
    for (const TechniqueEntry& entry : all_techniques()) {
        INFO(entry.name);
        net::Socket listener = net::listen_on_loopback(0);
        const std::uint16_t port = net::local_port(listener);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            // The server, alone in a process that may open two more files:
            // descriptors 0 to 2, the listener as 3, and 4 and 5.
            ::dup2(listener.fd(), 3);
            ::close_range(4, ~0U, 0);
            const rlimit six{6, 6};
            ::setrlimit(RLIMIT_NOFILE, &six);
            Loop loop(ClockKind::Real);
            const std::unique_ptr<EchoServer> server =
                entry.start_echo_server(loop, net::Socket{3});
            loop.run();
            ::_exit(0);
        }
        listener.close();  // the child's now

        std::vector<net::Socket> peers;
        for (int i = 0; i < 4; ++i) {
            peers.push_back(raw_peer(port));
        }
        CHECK(echo_once(peers[0], "first") == "first");
        CHECK(echo_once(peers[1], "second") == "second");
        // The third waits in the listener's backlog: accept fails (EMFILE)
        // until the first connection ends and gives its descriptor back.
        peers[0].close();
        CHECK(echo_once(peers[2], "third") == "third");
        peers[1].close();
        CHECK(echo_once(peers[3], "fourth") == "fourth");

        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
    }
}

TEST_CASE("echo: the client reports a refused connection as an error") {
    std::uint16_t closed_port = 0;
    {
        const net::Socket listener = net::listen_on_loopback(0);
        closed_port = net::local_port(listener);
    }  // nobody listens there now
    Loop loop(ClockKind::Real);
    EchoLoad client(loop,
                    LoadOptions{.port = closed_port, .connections = 3, .messages = 5, .size = 10});
    loop.run();
    CHECK(client.done());
    const LoadReport& report = client.report();
    CHECK(report.connections_ok == 0);
    CHECK(report.messages == 0);
    REQUIRE(report.errors.size() == 3);
    for (const std::string& error : report.errors) {
        CHECK(error.find("Connection refused") != std::string::npos);
    }
}

namespace {

// A server that gets it wrong, to show that the client notices: connection
// 1 gets its bytes back with one of them changed, connection 2 gets half of
// them and then the end of the stream.
co::Task<void> wrong_echo(net::Socket peer, int which) {
    std::vector<std::byte> message(100);
    std::size_t have = 0;
    while (have < message.size()) {
        co_await co::readable(peer.fd());
        const net::IoResult got = net::read_some(peer.fd(), std::span(message).subspan(have));
        REQUIRE(got.status != net::Io::Failed);
        have += got.bytes;
    }
    message[42] ^= std::byte{1};
    const std::size_t length = which == 1 ? message.size() : message.size() / 2;
    REQUIRE(net::write_some(peer.fd(), std::span(message).first(length)).bytes == length);
}

co::Task<void> accept_two(co::Runtime* runtime, const net::Socket* listener) {
    for (int which = 1; which <= 2;) {
        net::Accepted next = net::accept_connection(*listener);
        if (next.status == net::Io::Done) {
            runtime->spawn("wrong", wrong_echo(std::move(next.peer), which++));
        } else {
            co_await co::readable(listener->fd());
        }
    }
}

}  // namespace

TEST_CASE("echo: the client reports an echo that comes back changed or cut short") {
    Loop loop(ClockKind::Real);
    const net::Socket listener = net::listen_on_loopback(0);
    co::Runtime runtime(loop);
    runtime.spawn("accept", accept_two(&runtime, &listener));
    EchoLoad client(
        loop, LoadOptions{
                  .port = net::local_port(listener), .connections = 2, .messages = 1, .size = 100});
    loop.run();
    const LoadReport& report = client.report();
    REQUIRE(report.errors.size() == 2);
    std::string errors = report.errors[0] + "\n" + report.errors[1];
    INFO(errors);
    CHECK(errors.find("came back changed from byte 42") != std::string::npos);
    CHECK(errors.find("closed the connection after 50 of 100 bytes") != std::string::npos);
}

TEST_CASE("echo: stop() closes the listener; destroying the server closes open connections") {
    for (const TechniqueEntry& entry : all_techniques()) {
        INFO(entry.name);
        Rig rig(entry);
        net::Socket stays = raw_peer(rig.port);
        while (rig.server->stats().accepted == 0) {
            REQUIRE(rig.loop.run_once());
        }
        rig.server->stop();
        rig.loop.run_once();  // the accept task ends, and its listener is closed
        net::Connecting late = net::start_connect(rig.port);
        if (late.status == net::Io::WouldBlock) {
            // Connecting to 127.0.0.1 is settled at once; only the answer is late.
            late.error = net::connect_result(late.socket);
        }
        CHECK(late.error == ECONNREFUSED);

        // The open connection keeps the loop going; abandon it.
        CHECK(rig.loop.has_work());
        rig.loop.clear();
        rig.server.reset();
        char byte = 0;
        CHECK(::recv(stays.fd(), &byte, 1, 0) == 0);  // the server's end is closed
    }
}

TEST_CASE("echo: latency percentiles by nearest rank") {
    std::vector<Duration> latencies;
    for (int i = 100; i >= 1; --i) {
        latencies.push_back(std::chrono::microseconds(i));
    }
    const cli::Percentiles p = cli::percentiles(latencies);
    CHECK(p.p50 == std::chrono::microseconds(50));
    CHECK(p.p90 == std::chrono::microseconds(90));
    CHECK(p.p99 == std::chrono::microseconds(99));
    CHECK(p.max == std::chrono::microseconds(100));
    CHECK(cli::percentiles({}).max == Duration::zero());
}

TEST_CASE("echo: every message of the load differs from every other") {
    std::vector<std::byte> a(64), b(64), c(64);
    cli::fill_message(a, 0, 1);
    cli::fill_message(b, 1, 0);
    cli::fill_message(c, 0, 1);
    CHECK(a != b);
    CHECK(a == c);
}

}  // namespace coop::test
