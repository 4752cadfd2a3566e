// The load generator, as coroutine tasks: a "load" task spawns one task per
// connection and joins them all; each connection task connects, then for
// every message hands it to a writer task and reads the echo itself.
#include "cli/echo_load.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <utility>

#include "common/net.hpp"
#include "coroutines/channel.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"

namespace coop::cli {

namespace co = coop::coroutines;

struct EchoLoad::State {
    State(Loop& l, LoadOptions o, std::function<void()> d)
        : loop(l), options(o), when_done(std::move(d)), runtime(l) {}

    Loop& loop;
    const LoadOptions options;
    std::function<void()> when_done;
    LoadReport report;
    bool done = false;
    co::Runtime runtime;  // last: its tasks point at the rest
};

namespace {

// Whatever ends one connection early; the text says what happened.
class ExchangeFailed : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

co::Task<net::Socket> connect_to(std::uint16_t port, int receive_buffer) {
    net::Connecting attempt = net::start_connect(port, receive_buffer);
    if (attempt.status == net::Io::WouldBlock) {
        co_await co::writable(attempt.socket.fd());  // the handshake is over, one way or the other
        attempt.error = net::connect_result(attempt.socket);
        attempt.status = attempt.error == 0 ? net::Io::Done : net::Io::Failed;
    }
    if (attempt.status == net::Io::Failed) {
        throw ExchangeFailed(
            net::error_text("connect to 127.0.0.1:" + std::to_string(port), attempt.error));
    }
    co_return std::move(attempt.socket);
}

co::Task<void> write_all(const net::Socket* socket, std::span<const std::byte> data) {
    while (!data.empty()) {
        const net::IoResult put = net::write_some(socket->fd(), data);
        if (put.status == net::Io::WouldBlock) {
            co_await co::writable(socket->fd());
        } else if (put.status == net::Io::Failed) {
            throw ExchangeFailed(net::error_text("write", put.error));
        } else {
            data = data.subspan(put.bytes);
        }
    }
}

co::Task<void> read_exactly(const net::Socket* socket, std::span<std::byte> into) {
    std::size_t have = 0;
    while (have < into.size()) {
        const net::IoResult got = net::read_some(socket->fd(), into.subspan(have));
        if (got.status == net::Io::WouldBlock) {
            co_await co::readable(socket->fd());
        } else if (got.status == net::Io::Closed) {
            throw ExchangeFailed("the server closed the connection after " + std::to_string(have) +
                                 " of " + std::to_string(into.size()) + " bytes of an echo");
        } else if (got.status == net::Io::Failed) {
            throw ExchangeFailed(net::error_text("read", got.error));
        } else {
            have += got.bytes;
        }
    }
}

// What a connection's two tasks share. It lives in the reading task's
// frame, and that task waits for the writer before it ends.
struct Exchange {
    net::Socket socket;
    std::vector<std::byte> message;
    Time sent_at{};
    co::Channel<bool> go{1};  // the reader tells the writer: send `message` (true), or stop
};

// The writing half of a connection. It is a task of its own so that the
// connection reads the echo while it is still writing: with a message larger
// than the sockets' buffers, writing all of it before reading would stall
// both sides, each waiting for the other to read.
co::Task<void> write_messages(Exchange* exchange, Loop* loop) {
    for (;;) {
        // NOTE: not `while (co_await ...)`: g++ 12 miscompiles a co_await in
        // a loop's condition (here a trap at run time; in a smaller test, a
        // loop whose body never runs). clang 14 gets it right.
        const bool next = co_await exchange->go.recv();
        if (!next) {
            co_return;
        }
        exchange->sent_at = loop->now();
        co_await write_all(&exchange->socket, exchange->message);
    }
}

std::string describe_change(std::span<const std::byte> sent, std::span<const std::byte> echoed,
                            std::size_t message) {
    const auto where = std::mismatch(sent.begin(), sent.end(), echoed.begin());
    return "message " + std::to_string(message) + " came back changed from byte " +
           std::to_string(where.first - sent.begin()) + " on";
}

co::Task<void> run_connection(EchoLoad::State* state, std::size_t index) {
    const LoadOptions& options = state->options;
    LoadReport& report = state->report;
    Exchange exchange;
    exchange.message.resize(options.size);
    std::vector<std::byte> echo(options.size);
    std::optional<co::TaskHandle> writer;
    std::string failure;
    try {
        exchange.socket = co_await connect_to(options.port, options.receive_buffer);
        writer = state->runtime.spawn("writer " + std::to_string(index),
                                      write_messages(&exchange, &state->loop));
        for (std::size_t m = 0; m < options.messages; ++m) {
            fill_message(exchange.message, index, m);
            co_await exchange.go.send(true);
            co_await read_exactly(&exchange.socket, echo);
            if (echo != exchange.message) {
                throw ExchangeFailed(describe_change(exchange.message, echo, m));
            }
            report.latencies.push_back(state->loop.now() - exchange.sent_at);
            ++report.messages;
            report.bytes += options.size;
        }
        co_await exchange.go.send(false);
    } catch (const std::runtime_error& error) {  // ExchangeFailed, or net::NetError
        failure = error.what();
    }
    if (writer) {
        // The writer points into this frame: it must end first.
        if (!failure.empty()) {
            state->runtime.cancel(*writer);
        }
        try {
            co_await co::join(*writer);
        } catch (const co::JoinedTaskCancelled&) {
        } catch (const std::runtime_error& error) {
            failure = failure.empty() ? error.what() : failure;
        }
    }
    if (failure.empty()) {
        ++report.connections_ok;
    } else {
        report.errors.push_back("connection " + std::to_string(index) + ": " + failure);
    }
}

co::Task<void> run_load(EchoLoad::State* state) {
    const Time start = state->loop.now();
    std::vector<co::TaskHandle> connections;
    for (std::size_t i = 0; i < state->options.connections; ++i) {
        connections.push_back(
            state->runtime.spawn("connection " + std::to_string(i), run_connection(state, i)));
    }
    for (const co::TaskHandle& connection : connections) {
        try {
            co_await co::join(connection);
        } catch (const std::exception& error) {
            state->report.errors.push_back(connection.name() + ": " + error.what());
        }
    }
    state->report.elapsed = state->loop.now() - start;
    state->done = true;
    if (state->when_done) {
        state->when_done();
    }
}

}  // namespace

EchoLoad::EchoLoad(Loop& loop, LoadOptions options, std::function<void()> when_done)
    : state_(std::make_unique<State>(loop, options, std::move(when_done))) {
    state_->runtime.spawn("load", run_load(state_.get()));
}

EchoLoad::~EchoLoad() = default;

bool EchoLoad::done() const {
    return state_->done;
}

const LoadReport& EchoLoad::report() const {
    return state_->report;
}

Percentiles percentiles(std::vector<Duration> latencies) {
    if (latencies.empty()) {
        return {};
    }
    std::sort(latencies.begin(), latencies.end());
    // Nearest rank: the smallest value with at least `percent` % of all at
    // or below it.
    auto rank = [&latencies](std::size_t percent) {
        const std::size_t k = (latencies.size() * percent + 99) / 100;
        return latencies[std::max<std::size_t>(k, 1) - 1];
    };
    return Percentiles{rank(50), rank(90), rank(99), latencies.back()};
}

void fill_message(std::span<std::byte> out, std::size_t connection, std::size_t message) {
    // splitmix64, seeded by the pair (connection, message).
    std::uint64_t state = (static_cast<std::uint64_t>(connection) << 32) ^ message;
    for (std::size_t i = 0; i < out.size(); i += sizeof(std::uint64_t)) {
        state += 0x9e3779b97f4a7c15;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        z ^= z >> 31;
        std::memcpy(out.data() + i, &z, std::min(sizeof z, out.size() - i));
    }
}

}  // namespace coop::cli
