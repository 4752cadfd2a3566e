// How much heap the program holds, and the most it held: `coop chess` uses
// it to show what each version's tasks cost in memory. It counts through a
// replacement of the global operator new and delete (heap_meter.cpp), so it
// sees every allocation of the coop program: frames, closures, task records.
#pragma once

#include <cstddef>

namespace coop::cli {

struct HeapMeter {
    // Starts a measurement: the peak is set to what is held now.
    static void start();
    // The most held since start(), above what was held at start().
    static std::size_t peak_since_start();
};

}  // namespace coop::cli
