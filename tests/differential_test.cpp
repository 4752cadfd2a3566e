// Every technique against the reference model (tests/reference_model.cpp) on
// random valid scenarios. On a difference the message gives the seed and the
// scenario: replay it with COOP_DIFF_SEED=<seed> COOP_DIFF_COUNT=1.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "cli/techniques.hpp"
#include "tests/random_scenarios.hpp"
#include "tests/reference_model.hpp"
#include "tests/support.hpp"

namespace coop::test {

namespace {
std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* text = std::getenv(name);
    return text != nullptr ? std::strtoull(text, nullptr, 10) : fallback;
}
}  // namespace

TEST_CASE("the reference model gives every public scenario's expected trace") {
    for (const auto& file : public_scenarios()) {
        CAPTURE(file.filename().string());
        auto expected_file = file;
        expected_file.replace_extension(".trace.jsonl");
        const auto expected = events(read_file(expected_file));
        const ReferenceResult model = run_reference_model(load_scenario_file(file.string()));
        const std::string diff = first_difference(expected, model.trace);
        CHECK_MESSAGE(diff.empty(), file.filename().string(), ": ", diff);
    }
}

TEST_CASE("random scenarios are valid and varied") {
    int stalled = 0;
    int with_channels = 0;
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        const std::string text = random_scenario_json(seed);
        CHECK(random_scenario_json(seed) == text);  // the same seed, the same scenario
        Scenario s;
        REQUIRE_NOTHROW(s = parse_scenario(text, "seed " + std::to_string(seed)));
        with_channels += s.channels.empty() ? 0 : 1;
        stalled += run_reference_model(s).stalled ? 1 : 0;
    }
    // Both kinds of run occur, so the test below covers both.
    CHECK(stalled > 10);
    CHECK(stalled < 290);
    CHECK(with_channels > 100);
}

TEST_CASE_TEMPLATE_DEFINE("every technique matches the reference model on random scenarios", T,
                          differential_id) {
    const std::uint64_t first = env_number("COOP_DIFF_SEED", 1);
    const std::uint64_t count = env_number("COOP_DIFF_COUNT", 1000);
    int failures = 0;
    for (std::uint64_t seed = first; seed < first + count && failures < 3; ++seed) {
        const std::string text = random_scenario_json(seed);
        const Scenario scenario = parse_scenario(text, "random");
        const ReferenceResult expected = run_reference_model(scenario);
        const RunResult actual = run_scenario<T>(scenario);
        const std::string diff = first_difference(expected.trace, actual.trace);
        const bool outcome_ok =
            actual.outcome == (expected.stalled ? Outcome::Stalled : Outcome::AllEnded);
        if (!diff.empty() || !outcome_ok) {
            ++failures;
            FAIL_CHECK(T::name,
                       " differs from the reference model; replay with COOP_DIFF_SEED=", seed,
                       " COOP_DIFF_COUNT=1\nscenario: ", text, "\n", diff);
        }
    }
    CHECK(failures == 0);
}

TEST_CASE_TEMPLATE_APPLY(differential_id, AllTechniques);

}  // namespace coop::test
