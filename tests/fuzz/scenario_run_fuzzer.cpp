// libFuzzer target: the whole path of `coop run FILE`. Any bytes must either
// be rejected by the loader with a ScenarioError, or load and then run to an
// outcome in every technique, all of them writing the same trace. Anything
// else (another exception, a crash, a sanitizer report, a hang, techniques
// that disagree) is a bug.
//
// Each input is kept fast: a scenario that loads but could run more than
// kOperations operations (the loader allows 10^8) is only loaded. Time is
// free here: every run is on the virtual clock, which jumps over sleeps and
// busy work, so the limit of 10^15 ms is tried in full.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "cli/techniques.hpp"
#include "common/scenario.hpp"

namespace {
constexpr std::int64_t kOperations = 20'000;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    coop::Scenario scenario;
    try {
        scenario = coop::parse_scenario(text, "fuzz.json");
    } catch (const coop::ScenarioError&) {
        return 0;  // rejected with a message: fine
    }
    coop::validate_scenario(scenario);  // a loaded scenario passes again, unchanged
    if (coop::scenario_cost(scenario).operations > kOperations) {
        return 0;
    }
    std::string first_trace;
    for (const coop::TechniqueEntry& technique : coop::all_techniques()) {
        coop::Loop loop;
        coop::Trace trace;
        technique.run(scenario, loop, trace);
        const std::string jsonl = trace.to_jsonl();
        if (first_trace.empty()) {
            first_trace = jsonl;
        } else if (jsonl != first_trace) {
            std::fprintf(stderr, "%.*s differs from the first technique's trace\n",
                         static_cast<int>(technique.name.size()), technique.name.data());
            std::abort();
        }
    }
    return 0;
}
