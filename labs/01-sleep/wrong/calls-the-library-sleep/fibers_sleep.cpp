// WRONG (a ready-made call): see callbacks_sleep.cpp.
#include "labs/01-sleep/sleep.hpp"

#include "fibers/suspend.hpp"

namespace coop::lab01 {

void fibers_sleep(Duration d) {
    fibers::sleep(d);
}

}  // namespace coop::lab01
