// Writes the random scenarios of the differential test to files, so that
// other implementations of the contract (the Python twins in python/) can
// run exactly the scenarios that coop's techniques and reference model run.
//
// usage: write_random_scenarios FIRST_SEED COUNT DIR
// writes DIR/seed-<N>.json for N = FIRST_SEED ... FIRST_SEED + COUNT - 1.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

#include "tests/random_scenarios.hpp"

namespace {

bool parse_number(const char* text, std::uint64_t& out) {
    try {
        std::size_t used = 0;
        const std::string s(text);
        out = std::stoull(s, &used);
        return used == s.size() && s[0] != '-';
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t first = 0;
    std::uint64_t count = 0;
    if (argc != 4 || !parse_number(argv[1], first) || !parse_number(argv[2], count) ||
        count > 1'000'000) {
        std::fprintf(stderr,
                     "usage: write_random_scenarios FIRST_SEED COUNT DIR (COUNT at most "
                     "1000000)\n");
        return 2;
    }
    const std::string dir = argv[3];
    for (std::uint64_t seed = first; seed < first + count; ++seed) {
        const std::string path = dir + "/seed-" + std::to_string(seed) + ".json";
        std::ofstream out(path);
        out << coop::test::random_scenario_json(seed) << "\n";
        if (!out) {
            std::fprintf(stderr, "write_random_scenarios: cannot write %s\n", path.c_str());
            return 1;
        }
    }
    return 0;
}
