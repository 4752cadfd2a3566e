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

// Names are looked up by where the caller's characters live (see Trace):
// the same characters may hold another name by the next event.
TEST_CASE("a name changed in place is recorded as it is now") {
    Trace trace;
    std::string name = "first";
    trace.task_event(0ms, name, EventKind::Start);
    name = "other";  // the same buffer (a short string), other characters
    trace.task_event(1ms, name, EventKind::Resume);
    name = "first";
    trace.task_event(2ms, name, EventKind::End);
    const std::vector<Event> events = trace.events();
    REQUIRE(events.size() == 3);
    CHECK(events[0].task == "first");
    CHECK(events[1].task == "other");
    CHECK(events[2].task == "first");
}

TEST_CASE("events with and without details read back in order, also from a copy") {
    Trace copy;
    {
        Trace trace;
        trace.record_waits(true);
        trace.task_event(0ms, "a", EventKind::Start);
        trace.wait(0ms, "a", WaitingFor::Timer, 7ms);
        trace.wait(0ms, "b", WaitingFor::Recv);
        trace.recv(3ms, "b", "jobs", 42);
        trace.wake(3ms, "b");
        trace.log(4ms, "a", "hello");
        trace.stalled(5ms, {"b"});
        copy = trace;
    }  // the copy keeps its own names
    CHECK(copy.size() == 7);
    CHECK(copy.activations() == 1);
    CHECK(copy.to_jsonl() ==
          "{\"t\":0,\"task\":\"a\",\"event\":\"start\"}\n"
          "{\"t\":0,\"task\":\"a\",\"event\":\"wait\",\"for\":\"sleep\",\"until\":7}\n"
          "{\"t\":0,\"task\":\"b\",\"event\":\"wait\",\"for\":\"recv\"}\n"
          "{\"t\":3,\"task\":\"b\",\"event\":\"recv\",\"chan\":\"jobs\",\"value\":42}\n"
          "{\"t\":3,\"task\":\"b\",\"event\":\"wake\"}\n"
          "{\"t\":4,\"task\":\"a\",\"event\":\"log\",\"text\":\"hello\"}\n"
          "{\"t\":5,\"event\":\"stalled\",\"tasks\":[\"b\"]}\n");
    CHECK(copy.without_waits().to_jsonl() ==
          "{\"t\":0,\"task\":\"a\",\"event\":\"start\"}\n"
          "{\"t\":3,\"task\":\"b\",\"event\":\"recv\",\"chan\":\"jobs\",\"value\":42}\n"
          "{\"t\":4,\"task\":\"a\",\"event\":\"log\",\"text\":\"hello\"}\n"
          "{\"t\":5,\"event\":\"stalled\",\"tasks\":[\"b\"]}\n");
}

TEST_CASE("malformed JSON Lines name the line") {
    CHECK_THROWS_WITH_AS(parse_jsonl("{\"a\":1}\n\n{oops\n"), doctest::Contains("line 3"),
                         std::runtime_error);
}

}  // namespace coop::test
