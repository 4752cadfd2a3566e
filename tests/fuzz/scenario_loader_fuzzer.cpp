// libFuzzer target: any bytes given to the scenario loader must either load,
// or be rejected with a ScenarioError. Anything else (another exception, a
// crash, a sanitizer report) is a bug. A scenario that loads must also pass
// validate_scenario again, unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const coop::Scenario scenario = coop::parse_scenario(text, "fuzz.json");
        coop::validate_scenario(scenario);
    } catch (const coop::ScenarioError&) {
        // rejected with a message: fine
    }
    return 0;
}
