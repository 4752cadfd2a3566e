// WRONG (a missed step in the shutdown): the producer sends one "no more"
// marker, and only one worker gets it. The others wait for a value that
// never comes, and the consumer waits for them: the loop runs dry with
// three tasks still waiting, a deadlock.
#include "labs/08-channels/pipeline.hpp"

#include <memory>
#include <string>

#include "coroutines/channel.hpp"
#include "coroutines/suspend.hpp"

namespace coop::lab08 {

namespace {

using Channel = coroutines::Channel<std::int64_t>;

// Not a value: the end of the stream. (The values are 1 and up.)
constexpr std::int64_t no_more = 0;

coroutines::Task<void> produce(int values, int workers, std::shared_ptr<Channel> jobs) {
    for (std::int64_t v = 1; v <= values; ++v) {
        co_await jobs->send(v);  // ← waits while the channel is full
    }
    co_await jobs->send(no_more);  // "the workers will see it"
    (void)workers;
}

coroutines::Task<void> work(Duration each, std::shared_ptr<Channel> jobs,
                            std::shared_ptr<Channel> results) {
    for (;;) {
        const std::int64_t v = co_await jobs->recv();
        if (v == no_more) {
            co_await results->send(no_more);  // tell the consumer this worker is done
            co_return;
        }
        co_await coroutines::sleep(each);
        co_await results->send(v * v);
    }
}

coroutines::Task<void> consume(int workers, Duration each, std::shared_ptr<Channel> results,
                               std::vector<std::int64_t>* consumed) {
    int working = workers;
    while (working > 0) {
        const std::int64_t r = co_await results->recv();
        if (r == no_more) {
            --working;
            continue;
        }
        consumed->push_back(r);
        co_await coroutines::sleep(each);
    }
}

}  // namespace

void start_pipeline(const Pipeline& p, coroutines::Runtime& rt,
                    std::vector<std::int64_t>* consumed) {
    auto jobs = std::make_shared<Channel>(p.capacity);
    auto results = std::make_shared<Channel>(p.capacity);
    rt.spawn("producer", produce(p.values, p.workers, jobs));
    for (int w = 0; w < p.workers; ++w) {
        rt.spawn("worker " + std::to_string(w), work(p.work, jobs, results));
    }
    rt.spawn("consumer", consume(p.workers, p.consume, results, consumed));
}

}  // namespace coop::lab08
