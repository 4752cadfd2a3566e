// Starting threads when the system may refuse one (ulimit -u, memory).
//
// std::thread's constructor throws std::system_error when the system will
// not make another thread. The threads already started must then be joined
// before the vector that holds them is destroyed: destroying a joinable
// std::thread calls std::terminate. This is the threads' counterpart of a
// refused fork (os/chess_processes.cpp, os/cpu_processes.cpp).
#pragma once

#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace coop::os {

// Joins every thread in `started`, then throws std::runtime_error naming
// which of `wanted` threads the system refused and why. The caller first
// tells the started threads to stop early, if they can.
[[noreturn]] void join_and_report_refused_thread(std::vector<std::thread>& started,
                                                 std::size_t wanted, const std::system_error& err);

}  // namespace coop::os
