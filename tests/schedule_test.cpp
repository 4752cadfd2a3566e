// Pictures of a schedule (common/schedule.hpp): the slices derived from a
// trace, the timeline and the Chrome trace.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <utility>

#include "cli/techniques.hpp"
#include "common/scenario.hpp"
#include "common/schedule.hpp"
#include "tests/support.hpp"

namespace coop::test {

using namespace std::chrono_literals;

namespace {

Trace chess_trace(const chess::Exhibition& e) {
    Loop loop;
    Trace trace;
    trace.record_waits(true);
    coroutines::play_exhibition(e, loop, trace);
    return trace;
}

// A public scenario's trace with its wait events, as coop run draws it.
Trace scenario_trace(const char* file) {
    const Scenario scenario = load_scenario_file((scenario_dir() / file).string());
    Loop loop;
    Trace trace;
    trace.record_waits(true);
    coroutines::Technique::run(scenario, loop, trace);
    return trace;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

}  // namespace

TEST_CASE(
    "a table of the exhibition: running 5 s, sleeping 55 s, then ready until the master "
    "comes") {
    const Schedule schedule = schedule_of(chess_trace({3, 2, 5s, 10s}));
    REQUIRE(schedule.tasks.size() == 3);
    // 3 tables x 5 s = 15 s a round, a cycle 15 s: table02 starts when the
    // master reaches it at 10 s, moves until 15 s; its opponent answers at
    // 25 s, just when the master is back; the last answer comes at 40 s.
    const TaskTimeline& last = schedule.tasks[2];
    CHECK(last.task == "table02");
    REQUIRE(last.slices.size() == 5);
    const TaskActivity expected[] = {TaskActivity::Running, TaskActivity::Sleeping,
                                     TaskActivity::Running, TaskActivity::Sleeping,
                                     TaskActivity::Running};
    const std::int64_t bounds[] = {10'000, 15'000, 25'000, 30'000, 40'000, 40'000};
    for (std::size_t i = 0; i < 5; ++i) {
        CAPTURE(i);
        CHECK(last.slices[i].activity == expected[i]);
        CHECK(last.slices[i].begin_ms == bounds[i]);
        CHECK(last.slices[i].end_ms == bounds[i + 1]);
    }
    CHECK(schedule.end_ms == chess::asynchronous_length({3, 2, 5s, 10s}) / 1ms);
}

TEST_CASE("a sleep whose deadline passed while the master was busy elsewhere is ready") {
    const Schedule schedule = schedule_of(chess_trace({24, 2, 5s, 55s}));
    const TaskTimeline& first = schedule.tasks[0];
    REQUIRE(first.slices.size() >= 3);
    CHECK(first.slices[1].activity == TaskActivity::Sleeping);
    CHECK(first.slices[1].end_ms == 60'000);  // its opponent answered at 60 s...
    CHECK(first.slices[2].activity == TaskActivity::Ready);
    CHECK(first.slices[2].end_ms == 120'000);  // ...and the master came back at 120 s
}

TEST_CASE("the timeline of the exhibition shows one master going from table to table") {
    const Schedule schedule = schedule_of(chess_trace({}));
    std::ostringstream out;
    // 9 columns of labels and border, 48 of time: 5 s a column over 240 s.
    write_timeline(schedule, out, 57, 0, 240'000);
    const auto lines = lines_of(out.str());
    std::vector<std::string> rows;
    for (const std::string& line : lines) {
        CHECK(line.size() <= 57);
        if (line.starts_with("table")) {
            rows.push_back(line.substr(9));
        }
    }
    REQUIRE(rows.size() == 24);
    for (std::size_t column = 0; column < 48; ++column) {
        int running = 0;
        for (const std::string& row : rows) {
            running += row[column] == '#' ? 1 : 0;
        }
        CHECK(running == 1);                      // one master: exactly one table has her at a time
        CHECK(rows[column % 24][column] == '#');  // round after round, table by table
    }
}

TEST_CASE("the Chrome trace is Trace Event Format JSON with a row per task") {
    const Schedule schedule = schedule_of(chess_trace({2, 3, 5s, 55s}));
    std::ostringstream out;
    write_chrome_trace(schedule, out, "test");
    const auto doc = nlohmann::json::parse(out.str());
    REQUIRE(doc["traceEvents"].is_array());
    int rows = 0;
    std::int64_t running_us = 0;
    for (const auto& e : doc["traceEvents"]) {
        REQUIRE(e.contains("ph"));
        if (e["ph"] == "M" && e["name"] == "thread_name") {
            ++rows;
        } else if (e["ph"] == "X") {
            CHECK(e["ts"].is_number_integer());
            CHECK(e["dur"].get<std::int64_t>() >= 0);
            CHECK(e["tid"].get<int>() >= 1);
            if (e["cat"] == "running") {
                running_us += e["dur"].get<std::int64_t>();
            }
        }
    }
    CHECK(rows == 2);
    // 6 moves of 5 s; each slice's ends may move by the order of the events
    // within their millisecond (at most 999 us).
    CHECK(running_us >= 2 * 3 * 5'000'000 - 6 * 999);
    CHECK(running_us <= 2 * 3 * 5'000'000 + 6 * 999);
}

TEST_CASE("a task spawned before the loop ran is ready until its first step") {
    // blocker's busy work (100 ms) holds ticker up.
    const Trace trace = scenario_trace("busy-blocks-everyone.json");
    const Schedule unknown = schedule_of(trace);
    CHECK(unknown.tasks[1].slices.front().begin_ms == 100);  // the trace alone cannot tell

    const Schedule schedule = schedule_of(trace, Spawns{{"blocker", "ticker"}, {}});
    REQUIRE(schedule.tasks.size() == 2);
    const Slice& waited = schedule.tasks[1].slices.front();
    CHECK(waited.activity == TaskActivity::Ready);
    CHECK(waited.begin_ms == 0);
    CHECK(waited.end_ms == 100);
    CHECK(schedule.tasks[0].slices.front().activity == TaskActivity::Running);

    std::ostringstream out;
    write_timeline(schedule, out, 44);
    const auto rows = lines_of(out.str());
    REQUIRE(rows.size() >= 4);
    CHECK(rows[3].substr(0, 11) == "ticker  |--");
}

TEST_CASE("a task spawned by another is ready from when its spawner gave control back") {
    Trace trace;
    trace.record_waits(true);
    trace.task_event(0ms, "parent", EventKind::Start);
    trace.wait(5ms, "parent", WaitingFor::Join);  // after 5 ms of busy work
    trace.task_event(5ms, "child", EventKind::Start);
    trace.task_event(8ms, "child", EventKind::End);

    const Schedule schedule = schedule_of(trace, Spawns{{"parent"}, {{"child", "parent"}}});
    REQUIRE(schedule.tasks.size() == 2);
    const Slice& ready = schedule.tasks[1].slices.front();
    CHECK(ready.activity == TaskActivity::Ready);
    CHECK(ready.begin_ms == 5);
    CHECK(ready.begin_order < ready.end_order);  // the wait came before the start
}

TEST_CASE("the Chrome trace shows the order of events that happen at the same time") {
    // Every event of cancel-after-handoff.json happens at 0 ms.
    const Trace trace = scenario_trace("cancel-after-handoff.json");
    std::ostringstream out;
    write_chrome_trace(schedule_of(trace, Spawns{{"receiver", "sender"}, {}}), out);
    const auto doc = nlohmann::json::parse(out.str());
    std::vector<std::pair<std::string, std::int64_t>> running;  // (task row, ts)
    std::int64_t log_ts = -1;
    for (const auto& e : doc["traceEvents"]) {
        if (e["ph"] == "X" && e["cat"] == "running") {
            CHECK(e["dur"].get<std::int64_t>() >= 1);  // visible, however short
            running.emplace_back(std::to_string(e["tid"].get<int>()), e["ts"].get<std::int64_t>());
        } else if (e["ph"] == "i" && e["args"].value("text", "") == "sent") {
            log_ts = e["ts"].get<std::int64_t>();  // the sender's log, before it ends
        }
    }
    REQUIRE(running.size() == 3);
    std::sort(running.begin(), running.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    // receiver, then sender, then receiver again: in the order they ran.
    CHECK(running[0].first == "1");
    CHECK(running[1].first == "2");
    CHECK(running[2].first == "1");
    CHECK(running[0].second < running[1].second);
    CHECK(running[1].second < log_ts);
    CHECK(log_ts < running[2].second);
}

TEST_CASE("a trace without wait events cannot be drawn, and says why") {
    Loop loop;
    Trace trace;
    coroutines::play_exhibition({2, 2, 5s, 55s}, loop, trace);
    CHECK_THROWS_WITH_AS(schedule_of(trace), doctest::Contains("record_waits"),
                         std::invalid_argument);
}

}  // namespace coop::test
