// Lab 05's test: your echo server and the test's clients share one loop, on
// the real clock, over 127.0.0.1. The checks are on bytes and on who was
// connected when, never on how long anything took; a run that is not over
// after 10 s (a server that serves one client at a time never is) is
// stopped and fails.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "coroutines/channel.hpp"
#include "coroutines/runtime.hpp"
#include "labs/05-echo-many-clients/clients.hpp"
#include "labs/05-echo-many-clients/echo_server.hpp"

namespace coop::lab05 {

using namespace std::chrono_literals;

namespace {

// The file descriptors this process has open: a server that forgets to
// close its connections leaves some behind.
long open_fds() {
    long count = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator("/proc/self/fd")) {
        ++count;
    }
    return count;
}

struct Ending {
    bool finished = false;  // the clients were done before the patience ran out
    std::string error;      // a client that failed
};

// Runs the clients, then stops the server and the patience timer, so that
// the loop runs dry.
coroutines::Task<void> then_stop(coroutines::Task<void> clients, coroutines::TaskHandle server,
                                 TimerId patience, Ending* ending) {
    try {
        co_await std::move(clients);
        ending->finished = true;
    } catch (const std::exception& e) {
        ending->error = e.what();
    }
    coroutines::Runtime& rt = coroutines::Runtime::current();
    rt.cancel(server);
    rt.loop().cancel_timer(patience);
}

// Serves with your server and runs `clients(port)` against it, on one loop.
Ending run_against_server(const std::function<coroutines::Task<void>(int port)>& clients) {
    Ending ending;
    Loop loop(ClockKind::Real);
    {
        Socket listener = listen_on_loopback();
        coroutines::Runtime rt(loop);
        coroutines::TaskHandle server = rt.spawn("server", serve(listener.fd()));
        const TimerId patience = loop.call_later(10s, [&loop] { loop.stop(); });
        rt.spawn("clients", then_stop(clients(port_of(listener)), server, patience, &ending));
        loop.run();
        loop.clear();  // after a stop: what the loop holds points at tasks about to go
    }
    return ending;
}

// --- many clients at once ------------------------------------------------

// Every client waits here until all of them have arrived.
class Gate {
  public:
    explicit Gate(int expected) : expected_(expected), open_(expected) {}

    coroutines::Task<void> arrive() {
        if (++arrived_ == expected_) {
            for (int i = 1; i < expected_; ++i) {
                co_await open_.send(1);  // room for all: never waits
            }
            co_return;
        }
        co_await open_.recv();
    }

  private:
    int expected_;
    int arrived_ = 0;
    coroutines::Channel<int> open_;
};

struct Conversation {
    std::string hello, first_echo, goodbye, second_echo;
    bool met_the_others = false;
};

// A client says hello and reads the echo, then waits at the gate until
// every client has done as much, then says goodbye, reads that echo too,
// and leaves. So when the gate opens, every client is connected and in the
// middle of its conversation: only a server that serves them all at once
// gets them there.
coroutines::Task<void> talk(int port, int id, Gate* gate, Conversation* c) {
    Socket socket = co_await connect_to(port);
    c->hello = "hello from client " + std::to_string(id) + "\n";
    co_await send_all(socket.fd(), c->hello);
    c->first_echo = co_await receive(socket.fd(), c->hello.size());
    co_await gate->arrive();
    c->met_the_others = true;
    c->goodbye = "goodbye from client " + std::to_string(id) + ", after all the others\n";
    co_await send_all(socket.fd(), c->goodbye);
    c->second_echo = co_await receive(socket.fd(), c->goodbye.size());
}

coroutines::Task<void> all_talk(int port, Gate* gate, std::vector<Conversation>* conversations) {
    coroutines::Runtime& rt = coroutines::Runtime::current();
    std::vector<coroutines::TaskHandle> clients;
    for (std::size_t id = 0; id < conversations->size(); ++id) {
        clients.push_back(rt.spawn("client " + std::to_string(id),
                                   talk(port, static_cast<int>(id), gate, &(*conversations)[id])));
    }
    for (const coroutines::TaskHandle& client : clients) {
        co_await coroutines::join(client);
    }
}

// --- one client that sends a lot -----------------------------------------

coroutines::Task<void> send_then_stop_sending(int fd, std::string data) {
    co_await send_all(fd, std::move(data));
    shut_down_writing(fd);
}

// Sends `sent` while reading the echo at the same time (as two tasks: were
// it to send everything first, both sides could end up waiting for the
// other to read).
coroutines::Task<void> send_a_lot(int port, const std::string* sent, std::string* received) {
    coroutines::Runtime& rt = coroutines::Runtime::current();
    Socket socket = co_await connect_to(port);
    coroutines::TaskHandle writer = rt.spawn("writer", send_then_stop_sending(socket.fd(), *sent));
    *received = co_await receive_until_closed(socket.fd());
    co_await coroutines::join(writer);
}

std::string pattern(std::size_t size) {
    std::string text(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        text[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
    }
    return text;
}

}  // namespace

TEST_CASE("50 clients are all connected and mid-conversation at once, each gets its own bytes") {
    const long fds_before = open_fds();
    constexpr int clients = 50;
    Gate gate(clients);
    std::vector<Conversation> conversations(clients);
    const Ending ending =
        run_against_server([&](int port) { return all_talk(port, &gate, &conversations); });
    CHECK_MESSAGE(ending.error.empty(), "a client failed: ", ending.error);
    CHECK_MESSAGE(ending.finished, "not over after 10 s: are the clients served at once?");
    int met = 0;
    int echoed = 0;  // both messages came back exactly
    for (const Conversation& c : conversations) {
        met += c.met_the_others ? 1 : 0;
        echoed += c.first_echo == c.hello && c.second_echo == c.goodbye ? 1 : 0;
    }
    CHECK_MESSAGE(met == clients, "only ", met, " of the ", clients,
                  " clients were connected and in mid-conversation at the same time: the "
                  "server must serve every client at once, not one after another");
    CHECK_MESSAGE(echoed == clients, "only ", echoed, " of the ", clients,
                  " clients got exactly their own bytes back, both times");
    CHECK_MESSAGE(open_fds() == fds_before, (open_fds() - fds_before),
                  " file descriptor(s) left open after the run: the server must close every "
                  "connection once its client has left");
}

TEST_CASE("a client that sends 1 MiB gets every byte back, in order") {
    const long fds_before = open_fds();
    const std::string sent = pattern(1 << 20);
    std::string received;
    const Ending ending =
        run_against_server([&](int port) { return send_a_lot(port, &sent, &received); });
    CHECK_MESSAGE(ending.error.empty(), "the client failed: ", ending.error);
    CHECK_MESSAGE(ending.finished,
                  "not over after 10 s: did the server close the connection once the client "
                  "had stopped sending?");
    CHECK_MESSAGE(received.size() == sent.size(), "the client sent ", sent.size(),
                  " bytes and got ", received.size(),
                  " back: a non-blocking write may take only part of the data, and the rest "
                  "must be written once the socket is writable again");
    // (Not CHECK(received == sent): it would print a megabyte on failure.)
    const auto differs =
        std::mismatch(sent.begin(), sent.end(), received.begin(), received.end()).first;
    CHECK_MESSAGE(differs == sent.end(), "the echo differs from byte ", differs - sent.begin());
    CHECK_MESSAGE(open_fds() == fds_before, (open_fds() - fds_before),
                  " file descriptor(s) left open after the run: the server must close every "
                  "connection once its client has left");
}

}  // namespace coop::lab05
