#include "common/scenario.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

namespace coop {

namespace {

using json = nlohmann::json;

// Longer than anyone will wait, short enough that nanoseconds cannot overflow.
constexpr std::int64_t kMaxMilliseconds = 1'000'000'000'000;  // about 31 years

// How deeply repeats may nest. Every technique follows the nesting with a
// nested call or frame (a fiber on a stack of 128 KiB, for one), so the
// depth must be bounded; no real scenario comes close.
constexpr int kMaxRepeatDepth = 64;

std::string quote_json(std::string_view s) {
    return json(std::string(s)).dump();
}

// Where in the file a problem is: "task "a", op 2.1 (sleep)".
struct Place {
    std::string task;      // the task's name, quoted
    std::string position;  // "2" or "2.1" inside a repeat
    std::string op;        // the operation's name, when known
};

std::string describe(const Place& where) {
    std::string s = "task " + where.task;
    if (!where.position.empty()) {
        s += ", op " + where.position;
        if (!where.op.empty()) {
            s += " (" + where.op + ")";
        }
    }
    return s;
}

class Parser {
  public:
    explicit Parser(std::string_view source) : source_(source) {}

    [[noreturn]] void reject(const std::string& what) const {
        throw ScenarioError(source_ + ": " + what);
    }
    [[noreturn]] void reject(const Place& where, const std::string& what) const {
        reject(describe(where) + ": " + what);
    }

    Scenario parse(const json& doc) {
        Scenario scenario;
        scenario.source = source_;
        if (!doc.is_object()) {
            reject("a scenario must be a JSON object with \"tasks\" (and optionally \"channels\")");
        }
        for (const auto& [key, value] : doc.items()) {
            if (key != "tasks" && key != "channels") {
                reject("unknown key " + quote_json(key) + " (expected \"tasks\" or \"channels\")");
            }
        }
        if (doc.contains("channels")) {
            parse_channels(doc["channels"], scenario);
        }
        if (!doc.contains("tasks") || !doc["tasks"].is_array()) {
            reject("\"tasks\" must be a list of tasks");
        }
        const json& tasks = doc["tasks"];
        // Names first, so that an operation may refer to a task defined later.
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            scenario.tasks.push_back(parse_task_header(tasks[i], i));
        }
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            Place where{quote_json(scenario.tasks[i].name), "", ""};
            scenario.tasks[i].ops = parse_ops(tasks[i]["ops"], where, "");
        }
        return scenario;
    }

  private:
    void parse_channels(const json& channels, Scenario& scenario) {
        if (!channels.is_object()) {
            reject("\"channels\" must be an object mapping each channel's name to its capacity");
        }
        for (const auto& [name, capacity] : channels.items()) {
            if (!capacity.is_number_integer() || capacity.get<std::int64_t>() < 0) {
                reject("channel " + quote_json(name) +
                       ": capacity must be a whole number >= 0, got " + capacity.dump());
            }
            channel_index_[name] = static_cast<int>(scenario.channels.size());
            scenario.channels.push_back(ChannelSpec{name, capacity.get<std::int64_t>()});
        }
    }

    TaskSpec parse_task_header(const json& task, std::size_t index) {
        const std::string which = "task #" + std::to_string(index + 1);
        if (!task.is_object()) {
            reject(which + ": a task must be an object with \"name\" and \"ops\"");
        }
        for (const auto& [key, value] : task.items()) {
            if (key != "name" && key != "ops" && key != "start") {
                reject(which + ": unknown key " + quote_json(key) +
                       " (expected \"name\", \"ops\" or \"start\")");
            }
        }
        if (!task.contains("name") || !task["name"].is_string() ||
            task["name"].get<std::string>().empty()) {
            reject(which + ": \"name\" must be a non-empty string");
        }
        TaskSpec spec;
        spec.name = task["name"].get<std::string>();
        const std::string named = which + " " + quote_json(spec.name);
        auto [it, inserted] = task_index_.emplace(spec.name, static_cast<int>(index));
        if (!inserted) {
            reject(named + ": the name is already used by task #" + std::to_string(it->second + 1) +
                   "; task names must be unique");
        }
        if (task.contains("start")) {
            if (!task["start"].is_boolean()) {
                reject(named + ": \"start\" must be true or false, got " + task["start"].dump());
            }
            spec.starts_by_itself = task["start"].get<bool>();
        }
        if (!task.contains("ops") || !task["ops"].is_array()) {
            reject(named + ": \"ops\" must be a list of operations");
        }
        return spec;
    }

    std::vector<Op> parse_ops(const json& ops, Place where, const std::string& prefix) {
        std::vector<Op> result;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            where.position = prefix + std::to_string(i + 1);
            where.op.clear();
            result.push_back(parse_op(ops[i], where));
        }
        return result;
    }

    Op parse_op(const json& op, Place& where) {
        if (!op.is_array() || op.empty() || !op[0].is_string()) {
            reject(
                where,
                "an operation must be a list starting with its name, like [\"sleep\", 10]; got " +
                    op.dump());
        }
        const std::string name = op[0].get<std::string>();
        where.op = name;
        auto arity = [&](std::size_t n, const char* form) {
            if (op.size() != n + 1) {
                reject(where, "expected " + std::string(form) + ", got " + op.dump());
            }
        };
        Op result;
        if (name == "sleep" || name == "busy") {
            arity(1, name == "sleep" ? "[\"sleep\", ms]" : "[\"busy\", ms]");
            result.kind = name == "sleep" ? OpKind::Sleep : OpKind::Busy;
            result.duration = std::chrono::milliseconds(milliseconds(op[1], where));
        } else if (name == "log" || name == "fail") {
            arity(1, name == "log" ? "[\"log\", text]" : "[\"fail\", text]");
            result.kind = name == "log" ? OpKind::Log : OpKind::Fail;
            result.text = text(op[1], where);
        } else if (name == "spawn" || name == "join" || name == "cancel") {
            arity(1, name == "spawn"
                         ? "[\"spawn\", task]"
                         : (name == "join" ? "[\"join\", task]" : "[\"cancel\", task]"));
            result.kind =
                name == "spawn" ? OpKind::Spawn : (name == "join" ? OpKind::Join : OpKind::Cancel);
            result.task = task_ref(op[1], where);
        } else if (name == "send") {
            arity(2, "[\"send\", channel, whole number]");
            result.kind = OpKind::Send;
            result.channel = channel_ref(op[1], where);
            if (!op[2].is_number_integer()) {
                reject(where, "the value sent must be a whole number, got " + op[2].dump());
            }
            result.value = op[2].get<std::int64_t>();
        } else if (name == "recv") {
            arity(1, "[\"recv\", channel]");
            result.kind = OpKind::Recv;
            result.channel = channel_ref(op[1], where);
        } else if (name == "repeat") {
            arity(2, "[\"repeat\", count, [operations]]");
            result.kind = OpKind::Repeat;
            if (!op[1].is_number_integer() || op[1].get<std::int64_t>() < 0) {
                reject(where, "the count must be a whole number >= 0, got " + op[1].dump());
            }
            result.count = op[1].get<std::int64_t>();
            if (!op[2].is_array()) {
                reject(where, "the body must be a list of operations, got " + op[2].dump());
            }
            if (static_cast<int>(std::count(where.position.begin(), where.position.end(), '.')) +
                    1 >
                kMaxRepeatDepth) {
                reject(where,
                       "repeats nest more than " + std::to_string(kMaxRepeatDepth) + " deep");
            }
            result.body = parse_ops(op[2], where, where.position + ".");
        } else {
            reject(where, "unknown operation " + quote_json(name) +
                              " (known: sleep, busy, log, spawn, join, cancel, send, recv, fail, "
                              "repeat)");
        }
        return result;
    }

    std::int64_t milliseconds(const json& v, const Place& where) const {
        if (!v.is_number_integer() || v.get<std::int64_t>() < 0) {
            reject(where, "the time must be a whole number of milliseconds >= 0, got " + v.dump());
        }
        if (v.get<std::int64_t>() > kMaxMilliseconds) {
            reject(where, "the time must be at most " + std::to_string(kMaxMilliseconds) +
                              " ms, got " + v.dump());
        }
        return v.get<std::int64_t>();
    }

    std::string text(const json& v, const Place& where) const {
        if (!v.is_string()) {
            reject(where, "the text must be a string, got " + v.dump());
        }
        return v.get<std::string>();
    }

    int task_ref(const json& v, const Place& where) const {
        if (!v.is_string()) {
            reject(where, "a task is named by a string, got " + v.dump());
        }
        auto it = task_index_.find(v.get<std::string>());
        if (it == task_index_.end()) {
            reject(where, "no task is named " + v.dump());
        }
        return it->second;
    }

    int channel_ref(const json& v, const Place& where) const {
        if (!v.is_string()) {
            reject(where, "a channel is named by a string, got " + v.dump());
        }
        auto it = channel_index_.find(v.get<std::string>());
        if (it == channel_index_.end()) {
            reject(where,
                   "no channel is named " + v.dump() + " (channels are declared in \"channels\")");
        }
        return it->second;
    }

    std::string source_;
    std::map<std::string, int> task_index_;
    std::map<std::string, int> channel_index_;
};

// How often each task can be spawned, and the place of a spawn for messages.
struct SpawnCount {
    std::int64_t times = 0;
    std::string first_place;
};

void count_spawns(const std::vector<Op>& ops, std::int64_t multiplier, const std::string& prefix,
                  const std::string& task_name, std::vector<SpawnCount>& counts) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Op& op = ops[i];
        const std::string position = prefix + std::to_string(i + 1);
        if (op.kind == OpKind::Spawn) {
            SpawnCount& c = counts[static_cast<std::size_t>(op.task)];
            if (c.times == 0) {
                c.first_place = describe(Place{quote_json(task_name), position, "spawn"});
            }
            c.times = std::min<std::int64_t>(c.times + multiplier, 2);  // 2 means "more than once"
        } else if (op.kind == OpKind::Repeat && op.count > 0) {
            count_spawns(
                op.body,
                std::min<std::int64_t>(multiplier * std::min<std::int64_t>(op.count, 2), 2),
                position + ".", task_name, counts);
        }
    }
}

void check_targets(const Scenario& s, const TaskSpec& task, int self, const std::vector<Op>& ops,
                   const std::string& prefix) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Op& op = ops[i];
        const Place where{quote_json(task.name), prefix + std::to_string(i + 1),
                          std::string(op_name(op.kind))};
        auto reject = [&](const std::string& what) {
            throw ScenarioError(s.source + ": " + describe(where) + ": " + what);
        };
        if (op.kind == OpKind::Spawn || op.kind == OpKind::Join || op.kind == OpKind::Cancel) {
            if (op.task < 0 || static_cast<std::size_t>(op.task) >= s.tasks.size()) {
                reject("refers to no task");
            }
            if (op.kind == OpKind::Join && op.task == self) {
                reject("a task cannot join itself");
            }
            if (op.kind == OpKind::Cancel && op.task == self) {
                reject("a task cannot cancel itself");
            }
            if (op.kind == OpKind::Spawn && op.task == self) {
                reject("a task cannot spawn itself");
            }
            if (op.kind == OpKind::Spawn &&
                s.tasks[static_cast<std::size_t>(op.task)].starts_by_itself) {
                reject(quote_json(s.tasks[static_cast<std::size_t>(op.task)].name) +
                       " starts by itself; only a task with \"start\": false can be spawned");
            }
        }
        if ((op.kind == OpKind::Send || op.kind == OpKind::Recv) &&
            (op.channel < 0 || static_cast<std::size_t>(op.channel) >= s.channels.size())) {
            reject("refers to no channel");
        }
        if ((op.kind == OpKind::Sleep || op.kind == OpKind::Busy) &&
            op.duration < Duration::zero()) {
            reject("the time must be >= 0");
        }
        if (op.kind == OpKind::Repeat) {
            if (op.count < 0) {
                reject("the count must be >= 0");
            }
            check_targets(s, task, self, op.body, where.position + ".");
        }
    }
}

}  // namespace

std::string_view op_name(OpKind kind) {
    switch (kind) {
        case OpKind::Sleep:
            return "sleep";
        case OpKind::Busy:
            return "busy";
        case OpKind::Log:
            return "log";
        case OpKind::Spawn:
            return "spawn";
        case OpKind::Join:
            return "join";
        case OpKind::Cancel:
            return "cancel";
        case OpKind::Send:
            return "send";
        case OpKind::Recv:
            return "recv";
        case OpKind::Fail:
            return "fail";
        case OpKind::Repeat:
            return "repeat";
        case OpKind::WaitReadable:
            return "wait_readable";
        case OpKind::WaitWritable:
            return "wait_writable";
    }
    return "?";
}

void validate_scenario(const Scenario& s) {
    for (std::size_t i = 0; i < s.tasks.size(); ++i) {
        check_targets(s, s.tasks[i], static_cast<int>(i), s.tasks[i].ops, "");
    }
    std::vector<SpawnCount> counts(s.tasks.size());
    for (const TaskSpec& task : s.tasks) {
        count_spawns(task.ops, 1, "", task.name, counts);
    }
    for (std::size_t i = 0; i < s.tasks.size(); ++i) {
        if (counts[i].times > 1) {
            throw ScenarioError(s.source + ": " + counts[i].first_place + ": " +
                                quote_json(s.tasks[i].name) +
                                " could be spawned more than once (counting every spawn of it and "
                                "the repeats around them); a task runs at most once");
        }
    }
}

Scenario parse_scenario(std::string_view json_text, std::string_view source_name) {
    Parser parser(source_name);
    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::exception& err) {
        // A syntax error (nlohmann's message already says "at line L, column
        // C") or a number out of range (found by fuzzing: 5e555); drop the
        // library's internal "[json.exception.parse_error.101] " prefix.
        std::string what = err.what();
        if (const auto bracket = what.find("] "); bracket != std::string::npos) {
            what = what.substr(bracket + 2);
        }
        parser.reject("not valid JSON: " + what);
    }
    Scenario scenario = parser.parse(doc);
    validate_scenario(scenario);
    return scenario;
}

Scenario load_scenario_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ScenarioError(path + ": cannot open the file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        throw ScenarioError(path + ": cannot read the file");
    }
    return parse_scenario(text.str(), path);
}

}  // namespace coop
