// The pipeline.
#include "labs/08-channels/pipeline.hpp"

#include <memory>
#include <string>

#include "coroutines/channel.hpp"
#include "coroutines/suspend.hpp"

namespace coop::lab08 {

namespace {

using Channel = coroutines::Channel<std::int64_t>;

// LAB: three coroutines: the producer, a worker and the consumer, talking
// over two channels of `capacity` values each (co_await ch.send(v),
// co_await ch.recv()). Then think about the end: how does a worker learn
// that no more values will come, and the consumer that every worker is
// done? Every task must end on its own, and no value may be lost.
//
// As it is, one task does all the work, one value after another: nothing
// runs at once, and no channel ever fills up.
coroutines::Task<void> do_everything(Pipeline p, std::vector<std::int64_t>* consumed) {
    for (std::int64_t v = 1; v <= p.values; ++v) {
        co_await coroutines::sleep(p.work);
        consumed->push_back(v * v);
        co_await coroutines::sleep(p.consume);
    }
}

}  // namespace

void start_pipeline(const Pipeline& p, coroutines::Runtime& rt,
                    std::vector<std::int64_t>* consumed) {
    // LAB: make the two channels (shared by the tasks that use them: who
    // owns them once this function has returned?), then spawn "producer",
    // "worker 0", "worker 1", ... and "consumer".
    rt.spawn("producer", do_everything(p, consumed));
}

}  // namespace coop::lab08
