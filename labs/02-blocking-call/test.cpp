// Lab 02's test: the fixed exhibition lasts as long as the arithmetic says,
// and schedules exactly as the library's coroutines exhibition; and the
// players themselves do what they must: the opponent's answer suspends the
// table's task, the master's move is work.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <type_traits>

#include "common/schedule.hpp"
#include "coroutines/chess.hpp"
#include "coroutines/runtime.hpp"
#include "coroutines/suspend.hpp"
#include "labs/02-blocking-call/exhibition.hpp"
#include "players.hpp"
#include "tests/support.hpp"

namespace coop::lab02 {

using namespace std::chrono_literals;

namespace {

struct Played {
    Trace trace;
    Time length{};
};

Played play(void (*exhibition)(const chess::Exhibition&, Loop&, Trace&),
            const chess::Exhibition& e) {
    Played played;
    played.trace.record_waits(true);  // for the timeline
    Loop loop;
    exhibition(e, loop, played.trace);
    played.length = loop.now();
    return played;
}

// The first two hours of the schedule, as a picture. Every table is spawned
// before the loop runs: until its first step it is ready.
std::string timeline(const Trace& trace, const chess::Exhibition& e) {
    Spawns tables;
    for (int table = 0; table < e.tables; ++table) {
        tables.before_the_loop.push_back(chess::table_name(table));
    }
    std::ostringstream out;
    write_timeline(schedule_of(trace, tables), out, 120, 0, 7'200'000);
    return out.str();
}

// A table whose opponent answers once, beside a task that has something
// else to do. (Templates, so that the test also compiles while
// opponent_answers is still an ordinary function.)
template <class E>
coroutines::Task<void> answer_once(E e) {
    co_await opponent_answers(e);
}

template <class E>
coroutines::Task<void> move_once(E e) {
    master_moves(e);
    co_return;
}

coroutines::Task<void> something_else() {
    co_return;
}

template <class E>
std::string one_call(coroutines::Task<void> (*table)(E), const E& e) {
    Loop loop;
    Trace trace;
    {
        coroutines::Runtime rt(loop, &trace);
        rt.spawn("table", table(e));
        rt.spawn("elsewhere", something_else());
        loop.run();
    }
    return trace.to_jsonl();
}

template <class E>
void check_opponent_answers(const E& e) {
    if constexpr (std::is_void_v<decltype(opponent_answers(e))>) {
        FAIL_CHECK(
            "opponent_answers is an ordinary function: it cannot suspend the table's "
            "task, so every other table waits while the opponent thinks. It must be a "
            "coroutine that the table co_awaits.");
    } else {
        // The table suspends at once; the other task runs meanwhile; the
        // table goes on when the opponent's time has passed.
        const std::string diff = test::first_difference(test::events(R"(
{"t":0,"event":"start","task":"table"}
{"t":0,"event":"start","task":"elsewhere"}
{"t":0,"event":"end","task":"elsewhere"}
{"t":55000,"event":"resume","task":"table"}
{"t":55000,"event":"end","task":"table"}
)"),
                                                        test::events(one_call(&answer_once<E>, e)));
        CHECK_MESSAGE(diff.empty(),
                      "a table that co_awaits opponent_answers once (the opponent takes 55 s), "
                      "beside a task with nothing to wait for: ",
                      diff);
    }
}

template <class E>
void check_master_moves(const E& e) {
    if constexpr (!std::is_void_v<decltype(master_moves(e))>) {
        FAIL_CHECK(
            "master_moves suspends: but the master's thinking is work, and while she "
            "thinks nobody else can have her attention. Only the opponent's answer "
            "may suspend.");
    } else {
        // She thinks for 5 s, and the other task waits until she is done.
        const std::string diff = test::first_difference(test::events(R"(
{"t":0,"event":"start","task":"table"}
{"t":5000,"event":"end","task":"table"}
{"t":5000,"event":"start","task":"elsewhere"}
{"t":5000,"event":"end","task":"elsewhere"}
)"),
                                                        test::events(one_call(&move_once<E>, e)));
        CHECK_MESSAGE(diff.empty(),
                      "a table where the master moves once (5 s of work), beside a task with "
                      "nothing to wait for: ",
                      diff);
    }
}

}  // namespace

TEST_CASE("the opponent's answer suspends the table's task; the master's move is work") {
    const chess::Exhibition seed;
    check_opponent_answers(seed);
    check_master_moves(seed);
}

TEST_CASE("the exhibition takes 3,655 s, not 43,200 s") {
    const chess::Exhibition seed;
    const Played played = play(&play_exhibition, seed);
    // On failure, the picture shows who holds the loop: '#' running,
    // '.' sleeping, '-' ready to go on but waiting for its turn.
    INFO("your schedule's first two hours:\n", timeline(played.trace, seed));
    CHECK_MESSAGE(played.length == 3'655s, "your exhibition took ", played.length,
                  "; the master walking from table to table takes 3,655 s (and one game after "
                  "another 43,200 s: something still holds the loop while an opponent thinks)");
}

TEST_CASE("the exhibition schedules as the library's, event for event, in any setup") {
    const chess::Exhibition setups[] = {
        {},                   // the seed
        {2, 30, 5s, 55s},     // few tables: the loop waits for the opponents
        {12, 10, 5s, 55s},    // exactly balanced
        {40, 5, 1500ms, 1s},  // the opponents are faster than the master
    };
    for (const chess::Exhibition& e : setups) {
        CAPTURE(e.tables);
        const Played library = play(&coroutines::play_exhibition, e);
        const Played yours = play(&play_exhibition, e);
        const std::string diff =
            test::first_difference(test::as_json(library.trace), test::as_json(yours.trace));
        CHECK_MESSAGE(diff.empty(), diff);
        CHECK_MESSAGE(yours.length == chess::asynchronous_length(e), "your exhibition took ",
                      yours.length, "; chess::asynchronous_length says ",
                      chess::asynchronous_length(e));
    }
}

}  // namespace coop::lab02
