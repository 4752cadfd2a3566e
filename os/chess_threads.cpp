// One thread per table. Nothing here says where a thread gives up the CPU:
// the mutex and the sleeps block, and the OS scheduler decides who runs.
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <atomic>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "os/chess.hpp"
#include "os/threads.hpp"

namespace coop::os {

std::size_t default_thread_stack_size() {
    pthread_attr_t attr;
    std::size_t size = 0;
    if (pthread_attr_init(&attr) == 0) {
        pthread_attr_getstacksize(&attr, &size);
        pthread_attr_destroy(&attr);
    }
    return size;
}

OsRun play_with_threads(const chess::Exhibition& e) {
    std::mutex master;  // whoever holds it has the master at their table
    std::atomic<long long> switches{0};
    const auto start = std::chrono::steady_clock::now();
    std::atomic<bool> refused{false};  // a table's thread could not start: all stop
    std::vector<std::thread> tables;
    for (int table = 0; table < e.tables; ++table) {
        try {
            tables.emplace_back([&] {
                // Linux may let a sleep overrun by up to 50 us to batch wake-ups
                // (timer slack); at small scales that would distort the times.
                prctl(PR_SET_TIMERSLACK, 1UL);
                for (int move = 0; move < e.move_pairs && !refused; ++move) {
                    {
                        std::lock_guard<std::mutex> at_this_table(master);
                        std::this_thread::sleep_for(e.master_move);  // she thinks
                    }
                    std::this_thread::sleep_for(e.opponent_move);  // the opponent thinks
                }
                rusage usage{};
                getrusage(RUSAGE_THREAD, &usage);
                switches += usage.ru_nvcsw + usage.ru_nivcsw;
            });
        } catch (const std::system_error& err) {
            refused = true;
            join_and_report_refused_thread(tables, static_cast<std::size_t>(e.tables), err);
        }
    }
    for (std::thread& t : tables) {
        t.join();
    }
    OsRun run;
    run.real = std::chrono::steady_clock::now() - start;
    run.context_switches = switches;
    run.memory_bytes = default_thread_stack_size() * static_cast<std::size_t>(e.tables);
    return run;
}

}  // namespace coop::os
