// Scenarios: a small program for a set of tasks, given as data, that every
// technique runs and that must produce the same trace everywhere.
//
// A scenario is checked completely when it is loaded, before anything runs:
// the interpreters may rely on every name resolving and every number being in
// range.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace coop {

enum class OpKind {
    Sleep,   // sleep(d): d == 0 yields, d > 0 waits on a timer
    Busy,    // busy(d): work that does not give control back
    Log,     // log(text)
    Spawn,   // spawn(task)
    Join,    // join(task)
    Cancel,  // cancel(task)
    Send,    // send(channel, value)
    Recv,    // recv(channel)
    Fail,    // fail(text): the task ends with an error
    Repeat,  // repeat(count, body)
    // Not in scenario files (a file descriptor number means nothing there);
    // tests build these in code to check I/O readiness in every technique.
    WaitReadable,  // wait until fd is readable
    WaitWritable,  // wait until fd is writable
};

std::string_view op_name(OpKind kind);

struct Op {
    OpKind kind = OpKind::Log;
    Duration duration{};     // Sleep, Busy
    int task = -1;           // Spawn, Join, Cancel: index into Scenario::tasks
    int channel = -1;        // Send, Recv: index into Scenario::channels
    std::int64_t value = 0;  // Send
    std::string text;        // Log, Fail
    std::int64_t count = 0;  // Repeat
    std::vector<Op> body;    // Repeat
    int fd = -1;             // WaitReadable, WaitWritable
};

struct TaskSpec {
    std::string name;
    bool starts_by_itself = true;  // false: runs only when another task spawns it
    std::vector<Op> ops;
};

struct ChannelSpec {
    std::string name;
    std::int64_t capacity = 0;  // 0 is a rendezvous
};

struct Scenario {
    std::string source;  // the file it came from, for messages
    std::vector<ChannelSpec> channels;
    std::vector<TaskSpec> tasks;
};

// Why a scenario was rejected. what() names the file, and where it applies
// the task, the operation's position and what is wrong.
class ScenarioError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

Scenario load_scenario_file(const std::string& path);
Scenario parse_scenario(std::string_view json_text, std::string_view source_name);

// What a scenario could cost at most: the milliseconds its sleeps and busy
// work add up to, and the operations it runs, each counted as often as the
// repeats around it run it (and each pass of a repeat once). Each stops
// counting just past its limit (10^15 ms, 10^8 operations), so that the sums
// cannot overflow; validate_scenario refuses a scenario past either.
struct ScenarioCost {
    std::int64_t milliseconds = 0;
    std::int64_t operations = 0;
};
ScenarioCost scenario_cost(const Scenario& scenario);

// The checks that do not depend on the JSON form (names, self-joins, how
// often a task can be spawned); parse_scenario runs them, and code that
// builds a Scenario by hand can too.
void validate_scenario(const Scenario& scenario);

}  // namespace coop
