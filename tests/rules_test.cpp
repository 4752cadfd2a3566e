// One test per rule of the contract (docs/semantics.md), each a small
// scenario and the exact trace it must give. Written once, run for every
// technique and for the reference model.
#include <doctest/doctest.h>

#include <string>

#include "cli/techniques.hpp"
#include "tests/reference_model.hpp"
#include "tests/support.hpp"

namespace coop::test {

namespace {

// The reference model, dressed as a technique so that the rule tests check it
// too (it has no loop: it ignores the one it is given).
struct ReferenceTechnique {
    static constexpr std::string_view name = "reference";
    static Outcome run(const Scenario& scenario, Loop&, Trace& trace) {
        const ReferenceResult result = run_reference_model(scenario);
        for (const auto& e : result.trace) {
            const auto t = std::chrono::milliseconds(e["t"].get<std::int64_t>());
            const std::string event = e["event"];
            if (event == "stalled") {
                trace.stalled(t, e["tasks"].get<std::vector<std::string>>());
            } else if (event == "log") {
                trace.log(t, e["task"].get<std::string>(), e["text"].get<std::string>());
            } else if (event == "fail") {
                trace.fail(t, e["task"].get<std::string>(), e["text"].get<std::string>());
            } else if (event == "recv") {
                trace.recv(t, e["task"].get<std::string>(), e["chan"].get<std::string>(),
                           e["value"].get<std::int64_t>());
            } else {
                const EventKind kind = event == "start"    ? EventKind::Start
                                       : event == "resume" ? EventKind::Resume
                                       : event == "end"    ? EventKind::End
                                                           : EventKind::Cancelled;
                trace.task_event(t, e["task"].get<std::string>(), kind);
            }
        }
        return result.stalled ? Outcome::Stalled : Outcome::AllEnded;
    }
};

template <class T>
void check_rule(const std::string& scenario, const std::string& expected_jsonl,
                Outcome expected_outcome = Outcome::AllEnded) {
    const RunResult run = run_json<T>(scenario);
    const std::string diff = first_difference(events(expected_jsonl), run.trace);
    CHECK_MESSAGE(diff.empty(), T::name, ": ", diff);
    CHECK(run.outcome == expected_outcome);
}

}  // namespace

TEST_CASE_TEMPLATE_DEFINE("rule: sleep(0) costs one iteration, behind everyone already queued", T,
                          yield_id) {
    check_rule<T>(R"({"tasks": [{"name": "a", "ops": [["sleep", 0], ["log", "a1"]]},
                                {"name": "b", "ops": [["log", "b0"], ["sleep", 0], ["log", "b1"]]}]})",
                  R"({"t":0,"task":"a","event":"start"}
                     {"t":0,"task":"b","event":"start"}
                     {"t":0,"task":"b","event":"log","text":"b0"}
                     {"t":0,"task":"a","event":"resume"}
                     {"t":0,"task":"a","event":"log","text":"a1"}
                     {"t":0,"task":"a","event":"end"}
                     {"t":0,"task":"b","event":"resume"}
                     {"t":0,"task":"b","event":"log","text":"b1"}
                     {"t":0,"task":"b","event":"end"})");
}

TEST_CASE_TEMPLATE_DEFINE("rule: joining a task that already ended does not suspend", T,
                          join_done_id) {
    check_rule<T>(R"({"tasks": [{"name": "w", "ops": [["sleep", 1]]},
                                {"name": "j", "ops": [["sleep", 2], ["join", "w"], ["log", "ok"]]}]})",
                  R"({"t":0,"task":"w","event":"start"}
                     {"t":0,"task":"j","event":"start"}
                     {"t":1,"task":"w","event":"resume"}
                     {"t":1,"task":"w","event":"end"}
                     {"t":2,"task":"j","event":"resume"}
                     {"t":2,"task":"j","event":"log","text":"ok"}
                     {"t":2,"task":"j","event":"end"})");
}

TEST_CASE_TEMPLATE_DEFINE("rule: joining a task that was cancelled cancels the joiner at once", T,
                          join_cancelled_id) {
    check_rule<T>(R"({"tasks": [{"name": "v", "ops": [["sleep", 5]]},
                                {"name": "k", "ops": [["cancel", "v"], ["sleep", 1], ["join", "v"], ["log", "never"]]}]})",
                  R"({"t":0,"task":"v","event":"start"}
                     {"t":0,"task":"k","event":"start"}
                     {"t":0,"task":"v","event":"cancelled"}
                     {"t":1,"task":"k","event":"resume"}
                     {"t":1,"task":"k","event":"cancelled"})");
}

TEST_CASE_TEMPLATE_DEFINE("rule: a task cancelled before its first step never runs", T,
                          cancel_unstarted_id) {
    // v is spawned behind k, so k cancels it before it starts: none of v's
    // operations may run, not even those before its first suspension point.
    check_rule<T>(R"({"channels": {"c": 1},
                      "tasks": [{"name": "k", "ops": [["cancel", "v"], ["sleep", 1], ["recv", "c"]]},
                                {"name": "v", "ops": [["log", "never"], ["send", "c", 7], ["sleep", 1]]},
                                {"name": "w", "ops": [["log", "w"], ["send", "c", 8]]}]})",
                  R"({"t":0,"task":"k","event":"start"}
                     {"t":0,"task":"v","event":"cancelled"}
                     {"t":0,"task":"w","event":"start"}
                     {"t":0,"task":"w","event":"log","text":"w"}
                     {"t":0,"task":"w","event":"end"}
                     {"t":1,"task":"k","event":"resume"}
                     {"t":1,"task":"k","event":"recv","chan":"c","value":8}
                     {"t":1,"task":"k","event":"end"})");
}

TEST_CASE_TEMPLATE_DEFINE("rule: joiners go on in the order they began to wait", T,
                          joiners_order_id) {
    check_rule<T>(R"({"tasks": [{"name": "w", "ops": [["sleep", 3]]},
                                {"name": "j1", "ops": [["sleep", 1], ["join", "w"], ["log", "j1"]]},
                                {"name": "j2", "ops": [["join", "w"], ["log", "j2"]]}]})",
                  R"({"t":0,"task":"w","event":"start"}
                     {"t":0,"task":"j1","event":"start"}
                     {"t":0,"task":"j2","event":"start"}
                     {"t":1,"task":"j1","event":"resume"}
                     {"t":3,"task":"w","event":"resume"}
                     {"t":3,"task":"w","event":"end"}
                     {"t":3,"task":"j2","event":"resume"}
                     {"t":3,"task":"j2","event":"log","text":"j2"}
                     {"t":3,"task":"j2","event":"end"}
                     {"t":3,"task":"j1","event":"resume"}
                     {"t":3,"task":"j1","event":"log","text":"j1"}
                     {"t":3,"task":"j1","event":"end"})");
}

TEST_CASE_TEMPLATE_DEFINE("rule: a cancelled waiting receiver leaves the channel", T,
                          cancel_receiver_id) {
    check_rule<T>(R"({"channels": {"c": 0},
                      "tasks": [{"name": "r", "ops": [["recv", "c"], ["log", "never"]]},
                                {"name": "k", "ops": [["cancel", "r"], ["send", "c", 5]]}]})",
                  R"({"t":0,"task":"r","event":"start"}
                     {"t":0,"task":"k","event":"start"}
                     {"t":0,"task":"r","event":"cancelled"}
                     {"t":0,"event":"stalled","tasks":["k"]})",
                  Outcome::Stalled);
}

TEST_CASE_TEMPLATE_DEFINE("rule: a sender whose value was taken completes, then is cancelled", T,
                          handoff_sender_id) {
    check_rule<T>(R"({"channels": {"c": 0},
                      "tasks": [{"name": "s", "ops": [["send", "c", 1], ["log", "after"], ["sleep", 1], ["log", "never"]]},
                                {"name": "r", "ops": [["recv", "c"], ["cancel", "s"], ["log", "r"]]}]})",
                  R"({"t":0,"task":"s","event":"start"}
                     {"t":0,"task":"r","event":"start"}
                     {"t":0,"task":"r","event":"recv","chan":"c","value":1}
                     {"t":0,"task":"r","event":"log","text":"r"}
                     {"t":0,"task":"r","event":"end"}
                     {"t":0,"task":"s","event":"resume"}
                     {"t":0,"task":"s","event":"log","text":"after"}
                     {"t":0,"task":"s","event":"cancelled"})");
}

TEST_CASE_TEMPLATE_DEFINE("rule: after a hand-off, a task that ends without suspending ends", T,
                          handoff_end_id) {
    check_rule<T>(R"({"channels": {"c": 0},
                      "tasks": [{"name": "s", "ops": [["send", "c", 1], ["log", "after"]]},
                                {"name": "r", "ops": [["recv", "c"], ["cancel", "s"]]}]})",
                  R"({"t":0,"task":"s","event":"start"}
                     {"t":0,"task":"r","event":"start"}
                     {"t":0,"task":"r","event":"recv","chan":"c","value":1}
                     {"t":0,"task":"r","event":"end"}
                     {"t":0,"task":"s","event":"resume"}
                     {"t":0,"task":"s","event":"log","text":"after"}
                     {"t":0,"task":"s","event":"end"})");
}

TEST_CASE_TEMPLATE_DEFINE(
    "rule: a sender whose value moved into a full buffer completes, then is cancelled", T,
    handoff_buffered_sender_id) {
    // r's first recv makes room in the full buffer and moves s's waiting 2
    // in: s's send is complete before s runs again. r then cancels s, and
    // still receives the 2. s records resume (not cancelled), goes on, and
    // is cancelled at its next suspension point.
    check_rule<T>(R"({"channels": {"c": 1},
                      "tasks": [{"name": "s", "ops": [["send", "c", 1], ["send", "c", 2], ["log", "after"], ["sleep", 1], ["log", "never"]]},
                                {"name": "r", "ops": [["recv", "c"], ["cancel", "s"], ["log", "cancelled s"], ["recv", "c"]]}]})",
                  R"({"t":0,"task":"s","event":"start"}
                     {"t":0,"task":"r","event":"start"}
                     {"t":0,"task":"r","event":"recv","chan":"c","value":1}
                     {"t":0,"task":"r","event":"log","text":"cancelled s"}
                     {"t":0,"task":"r","event":"recv","chan":"c","value":2}
                     {"t":0,"task":"r","event":"end"}
                     {"t":0,"task":"s","event":"resume"}
                     {"t":0,"task":"s","event":"log","text":"after"}
                     {"t":0,"task":"s","event":"cancelled"})");
}

TEST_CASE_TEMPLATE_DEFINE("rule: waiting receivers are served first come, first served", T,
                          receivers_fifo_id) {
    check_rule<T>(R"({"channels": {"c": 0},
                      "tasks": [{"name": "r1", "ops": [["recv", "c"]]},
                                {"name": "r2", "ops": [["recv", "c"]]},
                                {"name": "s", "ops": [["send", "c", 1], ["send", "c", 2]]}]})",
                  R"({"t":0,"task":"r1","event":"start"}
                     {"t":0,"task":"r2","event":"start"}
                     {"t":0,"task":"s","event":"start"}
                     {"t":0,"task":"s","event":"end"}
                     {"t":0,"task":"r1","event":"resume"}
                     {"t":0,"task":"r1","event":"recv","chan":"c","value":1}
                     {"t":0,"task":"r1","event":"end"}
                     {"t":0,"task":"r2","event":"resume"}
                     {"t":0,"task":"r2","event":"recv","chan":"c","value":2}
                     {"t":0,"task":"r2","event":"end"})");
}

TEST_CASE_TEMPLATE_DEFINE("rule: cancelled receivers leave the queue, wherever they were in it", T,
                          receivers_cancelled_id) {
    // r2 (in the middle of the queue) and r4 (its end) are cancelled; r5,
    // which comes later, waits behind r3, and the values go to r1, r3, r5.
    check_rule<T>(R"({"channels": {"c": 0},
                      "tasks": [{"name": "r1", "ops": [["recv", "c"]]},
                                {"name": "r2", "ops": [["recv", "c"]]},
                                {"name": "r3", "ops": [["recv", "c"]]},
                                {"name": "r4", "ops": [["recv", "c"]]},
                                {"name": "x", "ops": [["cancel", "r4"], ["cancel", "r2"]]},
                                {"name": "r5", "ops": [["sleep", 1], ["recv", "c"]]},
                                {"name": "s", "ops": [["sleep", 2], ["send", "c", 1], ["send", "c", 2], ["send", "c", 3]]}]})",
                  R"({"t":0,"task":"r1","event":"start"}
                     {"t":0,"task":"r2","event":"start"}
                     {"t":0,"task":"r3","event":"start"}
                     {"t":0,"task":"r4","event":"start"}
                     {"t":0,"task":"x","event":"start"}
                     {"t":0,"task":"x","event":"end"}
                     {"t":0,"task":"r5","event":"start"}
                     {"t":0,"task":"s","event":"start"}
                     {"t":0,"task":"r4","event":"cancelled"}
                     {"t":0,"task":"r2","event":"cancelled"}
                     {"t":1,"task":"r5","event":"resume"}
                     {"t":2,"task":"s","event":"resume"}
                     {"t":2,"task":"s","event":"end"}
                     {"t":2,"task":"r1","event":"resume"}
                     {"t":2,"task":"r1","event":"recv","chan":"c","value":1}
                     {"t":2,"task":"r1","event":"end"}
                     {"t":2,"task":"r3","event":"resume"}
                     {"t":2,"task":"r3","event":"recv","chan":"c","value":2}
                     {"t":2,"task":"r3","event":"end"}
                     {"t":2,"task":"r5","event":"resume"}
                     {"t":2,"task":"r5","event":"recv","chan":"c","value":3}
                     {"t":2,"task":"r5","event":"end"})");
}

TEST_CASE_TEMPLATE_DEFINE(
    "rule: cancelled senders leave the queue with their values, wherever they were in it", T,
    senders_cancelled_id) {
    // The buffer holds s0's value; s1 (first in the queue) and s3 (last) are
    // cancelled and their values never arrive; s4 waits behind s2.
    check_rule<T>(R"({"channels": {"c": 1},
                      "tasks": [{"name": "s0", "ops": [["send", "c", 0]]},
                                {"name": "s1", "ops": [["send", "c", 1]]},
                                {"name": "s2", "ops": [["send", "c", 2]]},
                                {"name": "s3", "ops": [["send", "c", 3]]},
                                {"name": "x", "ops": [["cancel", "s1"], ["cancel", "s3"]]},
                                {"name": "s4", "ops": [["sleep", 1], ["send", "c", 4]]},
                                {"name": "r", "ops": [["sleep", 2], ["recv", "c"], ["recv", "c"], ["recv", "c"]]}]})",
                  R"({"t":0,"task":"s0","event":"start"}
                     {"t":0,"task":"s0","event":"end"}
                     {"t":0,"task":"s1","event":"start"}
                     {"t":0,"task":"s2","event":"start"}
                     {"t":0,"task":"s3","event":"start"}
                     {"t":0,"task":"x","event":"start"}
                     {"t":0,"task":"x","event":"end"}
                     {"t":0,"task":"s4","event":"start"}
                     {"t":0,"task":"r","event":"start"}
                     {"t":0,"task":"s1","event":"cancelled"}
                     {"t":0,"task":"s3","event":"cancelled"}
                     {"t":1,"task":"s4","event":"resume"}
                     {"t":2,"task":"r","event":"resume"}
                     {"t":2,"task":"r","event":"recv","chan":"c","value":0}
                     {"t":2,"task":"r","event":"recv","chan":"c","value":2}
                     {"t":2,"task":"r","event":"recv","chan":"c","value":4}
                     {"t":2,"task":"r","event":"end"}
                     {"t":2,"task":"s2","event":"resume"}
                     {"t":2,"task":"s2","event":"end"}
                     {"t":2,"task":"s4","event":"resume"}
                     {"t":2,"task":"s4","event":"end"})");
}

TEST_CASE_TEMPLATE_DEFINE(
    "rule: a receive makes room, and the first waiting sender's value moves in", T,
    buffer_refill_id) {
    check_rule<T>(R"({"channels": {"c": 1},
                      "tasks": [{"name": "s", "ops": [["send", "c", 1], ["send", "c", 2], ["log", "s done"]]},
                                {"name": "r", "ops": [["recv", "c"], ["recv", "c"]]}]})",
                  R"({"t":0,"task":"s","event":"start"}
                     {"t":0,"task":"r","event":"start"}
                     {"t":0,"task":"r","event":"recv","chan":"c","value":1}
                     {"t":0,"task":"r","event":"recv","chan":"c","value":2}
                     {"t":0,"task":"r","event":"end"}
                     {"t":0,"task":"s","event":"resume"}
                     {"t":0,"task":"s","event":"log","text":"s done"}
                     {"t":0,"task":"s","event":"end"})");
}

TEST_CASE_TEMPLATE_DEFINE("rule: a task whose timer already fired is only marked by a cancel", T,
                          cancel_fired_timer_id) {
    // Both timers are due at 2 and move to the ready queue together: when a
    // cancels b, b is already scheduled to go on, so nothing more is.
    check_rule<T>(R"({"tasks": [{"name": "a", "ops": [["sleep", 2], ["cancel", "b"], ["log", "a"]]},
                                {"name": "b", "ops": [["sleep", 2], ["log", "never"]]}]})",
                  R"({"t":0,"task":"a","event":"start"}
                     {"t":0,"task":"b","event":"start"}
                     {"t":2,"task":"a","event":"resume"}
                     {"t":2,"task":"a","event":"log","text":"a"}
                     {"t":2,"task":"a","event":"end"}
                     {"t":2,"task":"b","event":"cancelled"})");
}

TEST_CASE_TEMPLATE_DEFINE("rule: stalled lists the waiting tasks in spawn order", T, stalled_id) {
    check_rule<T>(R"({"channels": {"ch": 0},
                      "tasks": [{"name": "a", "ops": [["join", "b"]]},
                                {"name": "b", "start": false, "ops": []},
                                {"name": "c", "ops": [["sleep", 4], ["recv", "ch"]]},
                                {"name": "d", "ops": [["repeat", 0, [["log", "never"]]]]}]})",
                  R"({"t":0,"task":"a","event":"start"}
                     {"t":0,"task":"c","event":"start"}
                     {"t":0,"task":"d","event":"start"}
                     {"t":0,"task":"d","event":"end"}
                     {"t":4,"task":"c","event":"resume"}
                     {"t":4,"event":"stalled","tasks":["a","c"]})",
                  Outcome::Stalled);
}

using TechniquesAndReference = decltype(std::tuple_cat(
    std::declval<AllTechniques>(), std::declval<std::tuple<ReferenceTechnique>>()));

TEST_CASE_TEMPLATE_APPLY(yield_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(join_done_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(join_cancelled_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(cancel_unstarted_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(joiners_order_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(cancel_receiver_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(handoff_sender_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(handoff_end_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(handoff_buffered_sender_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(receivers_fifo_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(receivers_cancelled_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(senders_cancelled_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(buffer_refill_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(cancel_fired_timer_id, TechniquesAndReference);
TEST_CASE_TEMPLATE_APPLY(stalled_id, TechniquesAndReference);

}  // namespace coop::test
