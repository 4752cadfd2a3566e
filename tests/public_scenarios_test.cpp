// Every public scenario, with every technique, must give exactly its
// expected trace (compared as parsed JSON, event by event).
#include <doctest/doctest.h>

#include <string_view>
#include <tuple>
#include <vector>

#include "cli/techniques.hpp"
#include "tests/support.hpp"

namespace coop::test {

TEST_CASE_TEMPLATE_DEFINE("every public scenario gives its expected trace", T,
                          public_scenarios_id) {
    const auto files = public_scenarios();
    REQUIRE(files.size() >= 19);
    for (const auto& file : files) {
        CAPTURE(file.filename().string());
        auto expected_file = file;
        expected_file.replace_extension(".trace.jsonl");
        REQUIRE(std::filesystem::exists(expected_file));
        const auto expected = events(read_file(expected_file));

        const RunResult run = run_scenario<T>(load_scenario_file(file.string()));
        const std::string diff = first_difference(expected, run.trace);
        CHECK_MESSAGE(diff.empty(), T::name, " on ", file.filename().string(), ": ", diff);

        const bool stalled = !expected.empty() && expected.back()["event"] == "stalled";
        CHECK(run.outcome == (stalled ? Outcome::Stalled : Outcome::AllEnded));
    }
}

TEST_CASE_TEMPLATE_APPLY(public_scenarios_id, AllTechniques);

// The commands run the techniques of all_techniques(), the templated tests
// those of AllTechniques: the two lists must name the same techniques, in the
// same order, and each entry must run its own technique's interpreter.
template <class... T>
std::vector<std::string_view> names_of(std::tuple<T...>*) {
    return {T::name...};
}

template <class... T>
std::vector<Outcome (*)(const Scenario&, Loop&, Trace&)> interpreters_of(std::tuple<T...>*) {
    return {&T::run...};
}

TEST_CASE("the commands' list of techniques is the tests' list") {
    std::vector<std::string_view> names;
    std::vector<Outcome (*)(const Scenario&, Loop&, Trace&)> interpreters;
    for (const TechniqueEntry& t : all_techniques()) {
        names.push_back(t.name);
        interpreters.push_back(t.run);
    }
    CHECK(names == names_of(static_cast<AllTechniques*>(nullptr)));
    CHECK(interpreters == interpreters_of(static_cast<AllTechniques*>(nullptr)));
}

TEST_CASE_TEMPLATE_DEFINE(
    "the chess exhibition takes 3,655,000 ms, one game after another 43,200,000", T,
    chess_numbers_id) {
    const auto exhibition =
        run_scenario<T>(load_scenario_file((scenario_dir() / "chess-exhibition.json").string()));
    REQUIRE(!exhibition.trace.empty());
    CHECK(exhibition.trace.back()["t"] == 3'655'000);

    const auto synchronous =
        run_scenario<T>(load_scenario_file((scenario_dir() / "chess-synchronous.json").string()));
    REQUIRE(!synchronous.trace.empty());
    CHECK(synchronous.trace.back()["t"] == 43'200'000);
}

TEST_CASE_TEMPLATE_APPLY(chess_numbers_id, AllTechniques);

}  // namespace coop::test
