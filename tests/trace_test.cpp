// The trace recorder and its JSON Lines form (common/trace.cpp).
#include <doctest/doctest.h>

#include "common/trace.hpp"
#include "tests/support.hpp"

namespace coop::test {

using namespace std::chrono_literals;

TEST_CASE("events are written one per line with the fields of the spec, in order") {
    Trace trace;
    trace.task_event(0ms, "a", EventKind::Start);
    trace.log(2ms, "a", "say \"hi\"\n");
    trace.recv(1500us, "b", "jobs", -3);
    trace.fail(9ms, "b", "disk full");
    trace.stalled(10ms, {"x", "y"});
    CHECK(trace.to_jsonl() ==
          "{\"t\":0,\"task\":\"a\",\"event\":\"start\"}\n"
          "{\"t\":2,\"task\":\"a\",\"event\":\"log\",\"text\":\"say \\\"hi\\\"\\n\"}\n"
          "{\"t\":1,\"task\":\"b\",\"event\":\"recv\",\"chan\":\"jobs\",\"value\":-3}\n"
          "{\"t\":9,\"task\":\"b\",\"event\":\"fail\",\"text\":\"disk full\"}\n"
          "{\"t\":10,\"event\":\"stalled\",\"tasks\":[\"x\",\"y\"]}\n");
}

TEST_CASE("non-ASCII text is escaped and reads back unchanged") {
    Trace trace;
    trace.log(0ms, "\xc3\xbc", "\xe2\x99\x9b");
    CHECK(trace.to_jsonl() ==
          "{\"t\":0,\"task\":\"\\u00fc\",\"event\":\"log\",\"text\":\"\\u265b\"}\n");
    const auto back = parse_jsonl(trace.to_jsonl());
    REQUIRE(back.size() == 1);
    CHECK(back[0]["text"] == "\xe2\x99\x9b");
}

TEST_CASE("malformed JSON Lines name the line") {
    CHECK_THROWS_WITH_AS(parse_jsonl("{\"a\":1}\n\n{oops\n"), doctest::Contains("line 3"),
                         std::runtime_error);
}

}  // namespace coop::test
