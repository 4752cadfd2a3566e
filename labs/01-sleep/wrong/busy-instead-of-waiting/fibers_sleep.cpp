// WRONG (a blocking call): see callbacks_sleep.cpp.
#include "labs/01-sleep/sleep.hpp"

#include "fibers/suspend.hpp"

namespace coop::lab01 {

void fibers_sleep(Duration d) {
    fibers::busy(d);
}

}  // namespace coop::lab01
