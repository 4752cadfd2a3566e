// Lab 08: a pipeline of coroutine tasks over bounded channels.
//
//                      worker 0
//   producer --jobs--> worker 1 --results--> consumer
//                      ...
//
// The producer sends 1, 2, ..., values into `jobs`; each worker takes a
// value v, works on it (it waits `work`, as for a remote service) and sends
// v * v into `results`; the consumer takes every result and keeps it. Both
// channels hold at most `capacity` values: a producer faster than its
// workers must wait on a full channel (backpressure), and memory stays
// bounded however many values there are. When the producer is done, the
// pipeline shuts down cleanly: every task ends on its own, nothing is lost.
#pragma once

#include <cstdint>
#include <vector>

#include "common/clock.hpp"
#include "coroutines/runtime.hpp"

namespace coop::lab08 {

struct Pipeline {
    int values = 12;            // the producer sends 1 ... values
    int workers = 3;            // tasks "worker 0", "worker 1", ...
    std::int64_t capacity = 2;  // of each channel
    Duration work{};            // each worker, for each value: a sleep
    Duration consume{};         // the consumer, for each result: a sleep
};

// Spawns the pipeline's tasks on `rt`: "producer", then "worker 0", ...,
// then "consumer". Each result the consumer takes is appended to
// *consumed. Once the loop has run dry, every task has ended.
void start_pipeline(const Pipeline& p, coroutines::Runtime& rt,
                    std::vector<std::int64_t>* consumed);

}  // namespace coop::lab08
