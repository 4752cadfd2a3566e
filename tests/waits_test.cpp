// The `wait` events (recorded only when the trace asks for them) are part of
// the schedule too: every technique must suspend at the same moments, for
// the same reasons. Recording them must not change anything else.
#include <doctest/doctest.h>

#include "cli/techniques.hpp"
#include "tests/random_scenarios.hpp"
#include "tests/support.hpp"

namespace coop::test {

namespace {

template <Technique T>
std::vector<nlohmann::json> trace_with_waits(const Scenario& scenario) {
    Loop loop;
    Trace trace;
    trace.record_waits(true);
    T::run(scenario, loop, trace);
    return as_json(trace);
}

std::vector<nlohmann::json> without_waits(const std::vector<nlohmann::json>& trace) {
    std::vector<nlohmann::json> result;
    for (const auto& event : trace) {
        if (event["event"] != "wait" && event["event"] != "wake") {
            result.push_back(event);
        }
    }
    return result;
}

std::vector<Scenario> scenarios_to_compare() {
    std::vector<Scenario> scenarios;
    for (const auto& file : public_scenarios()) {
        scenarios.push_back(load_scenario_file(file.string()));
    }
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        scenarios.push_back(parse_scenario(random_scenario_json(seed), "random"));
    }
    return scenarios;
}

}  // namespace

TEST_CASE("a trace records waits only when asked to") {
    Trace trace;
    trace.wait(Time{0}, "a", WaitingFor::Timer, std::chrono::milliseconds(5));
    CHECK(trace.empty());
    trace.record_waits(true);
    trace.wait(Time{0}, "a", WaitingFor::Timer, std::chrono::milliseconds(5));
    trace.wait(Time{0}, "a", WaitingFor::Ready, Time{0});
    trace.wait(Time{0}, "a", WaitingFor::Recv);
    CHECK(trace.to_jsonl() ==
          "{\"t\":0,\"task\":\"a\",\"event\":\"wait\",\"for\":\"sleep\",\"until\":5}\n"
          "{\"t\":0,\"task\":\"a\",\"event\":\"wait\",\"for\":\"yield\"}\n"
          "{\"t\":0,\"task\":\"a\",\"event\":\"wait\",\"for\":\"recv\"}\n");
}

TEST_CASE_TEMPLATE_DEFINE("every technique waits at the same moments, for the same reasons", T,
                          waits_id) {
    int compared = 0;
    int with_waits = 0;
    for (const Scenario& scenario : scenarios_to_compare()) {
        // The reference: callbacks, the first technique. Each other one must
        // record the same waits; and without them, the spec's trace.
        const auto expected = trace_with_waits<callbacks::Technique>(scenario);
        const auto actual = trace_with_waits<T>(scenario);
        const std::string diff = first_difference(expected, actual);
        CHECK_MESSAGE(diff.empty(), T::name, ": ", diff);
        CHECK(first_difference(run_scenario<T>(scenario).trace, without_waits(actual)).empty());
        ++compared;
        with_waits += actual.size() > without_waits(actual).size() ? 1 : 0;
    }
    CHECK(compared > 300);
    CHECK(with_waits > 250);  // most scenarios suspend somewhere
}

TEST_CASE_TEMPLATE_APPLY(waits_id, AllTechniques);

TEST_CASE("a sleep's wait names its deadline, a yield and a join do not") {
    const Scenario scenario = parse_scenario(R"({"tasks": [
        {"name": "a", "ops": [["sleep", 30], ["sleep", 0]]},
        {"name": "b", "ops": [["join", "a"]]}]})",
                                             "<test>");
    const auto trace = trace_with_waits<coroutines::Technique>(scenario);
    std::vector<std::string> waits;
    for (const auto& e : trace) {
        if (e["event"] == "wait") {
            waits.push_back(e.dump());
        }
    }
    CHECK(waits == std::vector<std::string>{
                       R"({"event":"wait","for":"sleep","t":0,"task":"a","until":30})",
                       R"({"event":"wait","for":"join","t":0,"task":"b"})",
                       R"({"event":"wait","for":"yield","t":30,"task":"a"})",
                   });
}

}  // namespace coop::test
