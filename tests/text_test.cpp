// Numbers as the command line and failed checks print them.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include "common/text.hpp"
#include "tests/support.hpp"

namespace coop::test {

using namespace std::chrono_literals;

TEST_CASE("with_thousands puts a comma before every group of three digits") {
    CHECK(with_thousands(0) == "0");
    CHECK(with_thousands(999) == "999");
    CHECK(with_thousands(1000) == "1,000");
    CHECK(with_thousands(3655000) == "3,655,000");
    CHECK(with_thousands(-1000) == "-1,000");
    CHECK(with_thousands(-12) == "-12");
    CHECK(with_thousands(std::numeric_limits<std::int64_t>::min()) == "-9,223,372,036,854,775,808");
}

TEST_CASE("excerpt escapes control characters and keeps at most the first characters") {
    CHECK(excerpt("plain") == "plain");
    CHECK(excerpt("a\nb\tc\x1b[2J") == "a\\nb\\tc\\x1b[2J");
    CHECK(excerpt("\xc2\x9b"
                  "2J") == "\\u009b2J");  // a C1 control, U+009B
    CHECK(excerpt(std::string(1'000'000, 'x')) == std::string(80, 'x') + "...");
    CHECK(excerpt(std::string(80, 'x')) == std::string(80, 'x'));
    // Characters, not bytes: a cut never splits one.
    CHECK(excerpt("\xc3\xa9\xc3\xa9\xc3\xa9", 2) == "\xc3\xa9\xc3\xa9...");
}

TEST_CASE("a failed check prints a time in seconds, grouped as the command line does") {
    CHECK(doctest::toString(Duration(3655s)) == "3,655 s");
    CHECK(doctest::toString(Duration(1500ms)) == "1.5 s");
    CHECK(doctest::toString(Duration(-2s - 1us)) == "-2.000001 s");
    CHECK(doctest::toString(Duration(0)) == "0 s");
}

}  // namespace coop::test
