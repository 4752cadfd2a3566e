#include "tests/support.hpp"

#include "common/text.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <type_traits>

namespace coop::test {

std::filesystem::path scenario_dir() {
    return COOP_SCENARIO_DIR;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open " + path.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {
std::vector<std::filesystem::path> json_files_in(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}
}  // namespace

std::vector<std::filesystem::path> public_scenarios() {
    return json_files_in(scenario_dir());
}

std::vector<std::filesystem::path> invalid_scenarios() {
    return json_files_in(scenario_dir() / "invalid");
}

std::vector<nlohmann::json> as_json(const Trace& trace) {
    std::vector<nlohmann::json> out;
    for (const Event& e : trace.events()) {
        // Through text and back, exactly as a reader of the output sees it.
        out.push_back(nlohmann::json::parse(to_json(e).dump()));
    }
    return out;
}

std::vector<nlohmann::json> events(const std::string& jsonl) {
    return parse_jsonl(jsonl);
}

std::string first_difference(const std::vector<nlohmann::json>& expected,
                             const std::vector<nlohmann::json>& actual) {
    std::size_t i = 0;
    while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) {
        ++i;
    }
    if (i == expected.size() && i == actual.size()) {
        return "";
    }
    auto at = [i](const std::vector<nlohmann::json>& v) {
        return i < v.size() ? v[i].dump() : std::string("(trace ends)");
    };
    return "first difference at event " + std::to_string(i + 1) + "\n  expected: " + at(expected) +
           "\n  actual:   " + at(actual);
}

}  // namespace coop::test

doctest::String doctest::StringMaker<coop::Duration>::convert(coop::Duration time) {
    // Whole microseconds, whatever the clock counts in.
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(time);
    constexpr long long kPerSecond = std::chrono::microseconds(std::chrono::seconds(1)).count();
    const bool negative = us < us.zero();
    const long long count = negative ? -us.count() : us.count();
    const std::string whole = coop::with_thousands(count / kPerSecond);
    std::string fraction = std::to_string(kPerSecond + count % kPerSecond).substr(1);
    while (!fraction.empty() && fraction.back() == '0') {
        fraction.pop_back();
    }
    const std::string text =
        (negative ? "-" : "") + whole + (fraction.empty() ? "" : "." + fraction) + " s";
    return doctest::String(text.c_str());
}
