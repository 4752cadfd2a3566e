// Lab 01: sleep, written four times. What you write, and where:
//
//   technique    you write                                in
//   callbacks    callbacks_sleep(rt, self, d, next)       callbacks_sleep.cpp
//   generators   MiniDriver::sleep (mini_driver.hpp)      generators_sleep.cpp
//   coroutines   the awaiter CoroutinesSleep              coroutines_sleep.hpp and .cpp
//   fibers       fibers_sleep(d)                          fibers_sleep.cpp
//
// Each one uses only what its runtime makes public (its runtime.hpp): never
// the library's own sleep. programs.cpp plays the chess exhibition with
// them, and the test compares the schedule with the library's.
#pragma once

#include "callbacks/runtime.hpp"
#include "common/clock.hpp"
// The awaiter is all yours, data members included: the header is in
// starter/ (or solution/).
#include "coroutines_sleep.hpp"

namespace coop::lab01 {

// callbacks: the task gives control back, and `next` (the rest of the task)
// runs once `d` has passed; d <= 0 is a yield (one trip round the ready
// queue). The caller returns to the loop straight after this call.
void callbacks_sleep(callbacks::Runtime& rt, callbacks::TaskRecord& self, Duration d,
                     callbacks::Continuation next);

// fibers: a plain call that returns once `d` has passed.
void fibers_sleep(Duration d);

}  // namespace coop::lab01
