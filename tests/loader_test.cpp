// Loading and rejecting scenario files (common/scenario.cpp).
#include <doctest/doctest.h>

#include <string>

#include "common/scenario.hpp"
#include "tests/support.hpp"

namespace coop::test {

namespace {
// The message a scenario text is rejected with ("" if it is accepted).
std::string rejection(const std::string& text) {
    try {
        parse_scenario(text, "case.json");
    } catch (const ScenarioError& err) {
        return err.what();
    }
    return "";
}
}  // namespace

TEST_CASE("every public scenario loads") {
    for (const auto& file : public_scenarios()) {
        CAPTURE(file.string());
        CHECK_NOTHROW(load_scenario_file(file.string()));
    }
}

TEST_CASE("every invalid scenario is rejected with a message naming the file") {
    const auto files = invalid_scenarios();
    REQUIRE(files.size() >= 11);
    for (const auto& file : files) {
        CAPTURE(file.string());
        try {
            load_scenario_file(file.string());
            FAIL("accepted ", file.string());
        } catch (const ScenarioError& err) {
            CHECK(std::string(err.what()).find(file.string()) == 0);
        }
    }
}

TEST_CASE("rejections name the task, the operation's position and what is wrong") {
    CHECK(rejection(R"({"tasks": [{"name": "a", "ops": [["log", "x"], ["sleep", -1]]}]})") ==
          "case.json: task \"a\", op 2 (sleep): the time must be a whole number of milliseconds "
          ">= 0, got -1");
    CHECK(
        rejection(
            R"({"tasks": [{"name": "a", "ops": [["repeat", 2, [["log", "x"], ["slep", 5]]]]}]})") ==
        "case.json: task \"a\", op 1.2 (slep): unknown operation \"slep\" (known: sleep, busy, "
        "log, spawn, join, cancel, send, recv, fail, repeat)");
    CHECK(rejection(R"({"tasks": [{"name": "a", "ops": [["join", "a"]]}]})") ==
          "case.json: task \"a\", op 1 (join): a task cannot join itself");
    CHECK(rejection(R"({"tasks": [{"name": "a", "ops": [["cancel", "a"]]}]})") ==
          "case.json: task \"a\", op 1 (cancel): a task cannot cancel itself");
    CHECK(rejection(R"({"tasks": [{"name": "a", "ops": [["join", "b"]]}]})") ==
          "case.json: task \"a\", op 1 (join): no task is named \"b\"");
    CHECK(rejection(
              R"({"tasks": [{"name": "a", "ops": [["send", "c", 1.5]]}], "channels": {"c": 1}})") ==
          "case.json: task \"a\", op 1 (send): the value sent must be a whole number from -2^63 to "
          "2^63 - 1, got 1.5");
    CHECK(
        rejection(
            R"({"tasks": [{"name": "a", "ops": [["send", "c", 1, 2]]}], "channels": {"c": 1}})") ==
        "case.json: task \"a\", op 1 (send): expected [\"send\", channel, whole number], got "
        "[\"send\",\"c\",1,2]");
}

TEST_CASE("JSON syntax errors give the line and the column") {
    const std::string message = rejection("{\"tasks\": [\n  {\"name\": \"a\",, \"ops\": []}]}");
    CHECK(message.find("case.json: not valid JSON") == 0);
    CHECK(message.find("line 2, column") != std::string::npos);
}

TEST_CASE("a number too large for a double is a clear error (found by fuzzing)") {
    const std::string message = rejection(R"({"tasks": [5e555]})");
    CHECK(message.find("case.json: not valid JSON") == 0);
    CHECK(message.find("5e555") != std::string::npos);
}

TEST_CASE("the shape of the file is checked") {
    CHECK(rejection("[]").find("must be a JSON object") != std::string::npos);
    CHECK(rejection(R"({"task": []})").find("unknown key \"task\"") != std::string::npos);
    CHECK(rejection(R"({"tasks": [{"name": "a", "ops": [], "starts": false}]})")
              .find("task #1: unknown key \"starts\"") != std::string::npos);
    CHECK(rejection(R"({"tasks": [{"name": "", "ops": []}]})").find("non-empty string") !=
          std::string::npos);
    CHECK(rejection(R"({"tasks": [{"name": "a", "ops": [], "start": "no"}]})")
              .find("\"start\" must be true or false") != std::string::npos);
    CHECK(rejection(R"({"tasks": [{"name": "a", "ops": [["sleep", 1e20]]}]})")
              .find("whole number of milliseconds") != std::string::npos);
    // One operation may take up to 10^15 ms, the limit of the whole run.
    CHECK(rejection(R"({"tasks": [{"name": "a", "ops": [["sleep", 2000000000000000]]}]})")
              .find("at most 10^15 ms") != std::string::npos);
    CHECK(rejection(R"({"tasks": [], "channels": {"c": -2}})") ==
          "case.json: channel \"c\": capacity must be a whole number >= 0, got -2");
}

TEST_CASE("repeats nest at most 64 deep") {
    auto nested = [](int depth) {
        std::string ops = R"([["log", "x"]])";
        for (int i = 0; i < depth; ++i) {
            ops = R"([["repeat", 1, )" + ops + "]]";
        }
        return R"({"tasks": [{"name": "a", "ops": )" + ops + "}]}";
    };
    CHECK(rejection(nested(64)) == "");
    const std::string message = rejection(nested(65));
    CHECK(message.find("repeats nest more than 64 deep") != std::string::npos);
    CHECK(message.find("case.json: task \"a\", op 1.1.1") == 0);
    // Far deeper, the JSON itself is refused as it is read, before any value
    // is built that a message or a destructor would walk recursively.
    CHECK(rejection(nested(5'000)) == "case.json: arrays and objects nest more than 136 deep");
}

TEST_CASE("a task can be spawned at most once, counting repeats") {
    const std::string b = R"({"name": "b", "start": false, "ops": []})";
    // repeat 0 never spawns, repeat 1 spawns once: both fine.
    CHECK(rejection(R"({"tasks": [{"name": "a", "ops": [["repeat", 0, [["spawn", "b"]]]]}, )" + b +
                    "]}") == "");
    CHECK(
        rejection(
            R"({"tasks": [{"name": "a", "ops": [["repeat", 1, [["repeat", 1, [["spawn", "b"]]]]]]}, )" +
            b + "]}") == "");
    // Twice in one task, once in each of two tasks, or inside a repeat of 2.
    CHECK(rejection(R"({"tasks": [{"name": "a", "ops": [["spawn", "b"], ["spawn", "b"]]}, )" + b +
                    "]}")
              .find("could be spawned more than once") != std::string::npos);
    CHECK(
        rejection(
            R"({"tasks": [{"name": "a", "ops": [["spawn", "b"]]}, {"name": "c", "ops": [["spawn", "b"]]}, )" +
            b + "]}")
            .find("could be spawned more than once") != std::string::npos);
    CHECK(
        rejection(
            R"({"tasks": [{"name": "a", "ops": [["repeat", 1000000000000, [["repeat", 1000000000000, [["spawn", "b"]]]]]]}, )" +
            b + "]}")
            .find("task \"a\", op 1.1.1 (spawn)") != std::string::npos);
    // Only a task with "start": false can be spawned.
    CHECK(rejection(
              R"({"tasks": [{"name": "a", "ops": [["spawn", "b"]]}, {"name": "b", "ops": []}]})")
              .find("\"b\" starts by itself") != std::string::npos);
}

TEST_CASE("names resolve to indices, numbers to typed fields") {
    const Scenario s = parse_scenario(
        R"({"channels": {"jobs": 2, "box": 0},
            "tasks": [{"name": "p", "ops": [["send", "box", -7], ["repeat", 3, [["sleep", 5]]], ["spawn", "q"]]},
                      {"name": "q", "start": false, "ops": [["recv", "jobs"], ["fail", "x"]]}]})",
        "s.json");
    REQUIRE(s.channels.size() == 2);
    REQUIRE(s.tasks.size() == 2);
    CHECK(s.tasks[1].starts_by_itself == false);
    const Op& send = s.tasks[0].ops[0];
    CHECK(send.kind == OpKind::Send);
    CHECK(s.channels[static_cast<std::size_t>(send.channel)].name == "box");
    CHECK(send.value == -7);
    CHECK(s.tasks[0].ops[1].count == 3);
    CHECK(s.tasks[0].ops[1].body[0].duration == std::chrono::milliseconds(5));
    CHECK(s.tasks[0].ops[2].task == 1);
    CHECK(s.channels[static_cast<std::size_t>(s.tasks[1].ops[0].channel)].name == "jobs");
}

TEST_CASE("a file that cannot be opened is a clear error") {
    try {
        load_scenario_file("/nonexistent/x.json");
        FAIL("no error");
    } catch (const ScenarioError& err) {
        CHECK(std::string(err.what()) ==
              "/nonexistent/x.json: cannot open the file: No such file or directory");
    }
}

}  // namespace coop::test
