#include "common/scenario.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/text.hpp"

namespace coop {

namespace {

using json = nlohmann::json;

// The limits of section 8 of the contract (docs/semantics.md). Each one
// closes a way for a file to crash, hang or exhaust the machine.

// A larger file is refused before it is read (and /dev/zero stops there).
constexpr std::size_t kMaxFileBytes = 64 * 1024 * 1024;

// How deeply repeats may nest. Every technique follows the nesting with a
// nested call or frame (a fiber on a stack of 128 KiB, for one), so the
// depth must be bounded; no real scenario comes close.
constexpr int kMaxRepeatDepth = 64;

// How deeply JSON arrays and objects may nest anywhere in the file: deep
// enough for repeats nested kMaxRepeatDepth deep (two levels each, inside the
// scenario's own four), and no deeper, so that nothing that walks a value
// recursively (printing it in a message, freeing it) can run out of stack.
constexpr int kMaxJsonDepth = 2 * kMaxRepeatDepth + 8;

// The whole run's time and work, counted before it starts: the virtual
// clock (microseconds in an int64) can hold 10^15 ms with room to spare, and
// 10^8 operations keep every run finite and its trace in memory.
constexpr std::int64_t kMaxTotalMilliseconds = 1'000'000'000'000'000;
constexpr std::int64_t kMaxOperations = 100'000'000;

// A value in a message: as JSON, control characters escaped, at most 80
// characters of it.
std::string quote_json(const json& v) {
    return excerpt(v.dump(-1, ' ', false, json::error_handler_t::replace));
}
std::string quote_json(const std::string& s) {
    return quote_json(json(s));
}

// A whole number in the signed 64-bit range, or nothing: a fraction, a
// string, or a number too large (which nlohmann reads as unsigned, and whose
// get<std::int64_t>() would wrap to a negative value).
std::optional<std::int64_t> whole_number(const json& v) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        return static_cast<std::int64_t>(u);
    }
    if (v.is_number_integer()) {
        return v.get<std::int64_t>();
    }
    return std::nullopt;
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
            check_name(name, "channel " + quote_json(name));
            const std::optional<std::int64_t> n = whole_number(capacity);
            if (!n || *n < 0) {
                reject("channel " + quote_json(name) +
                       ": capacity must be a whole number >= 0, got " + quote_json(capacity));
            }
            channel_index_[name] = static_cast<int>(scenario.channels.size());
            scenario.channels.push_back(ChannelSpec{name, *n});
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
        check_name(spec.name, named);
        auto [it, inserted] = task_index_.emplace(spec.name, static_cast<int>(index));
        if (!inserted) {
            reject(named + ": the name is already used by task #" + std::to_string(it->second + 1) +
                   "; task names must be unique");
        }
        if (task.contains("start")) {
            if (!task["start"].is_boolean()) {
                reject(named + ": \"start\" must be true or false, got " +
                       quote_json(task["start"]));
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
                    quote_json(op));
        }
        const std::string name = op[0].get<std::string>();
        where.op = excerpt(name);
        auto arity = [&](std::size_t n, const char* form) {
            if (op.size() != n + 1) {
                reject(where, "expected " + std::string(form) + ", got " + quote_json(op));
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
            const std::optional<std::int64_t> value = whole_number(op[2]);
            if (!value) {
                reject(where, "the value sent must be a whole number from -2^63 to 2^63 - 1, got " +
                                  quote_json(op[2]));
            }
            result.value = *value;
        } else if (name == "recv") {
            arity(1, "[\"recv\", channel]");
            result.kind = OpKind::Recv;
            result.channel = channel_ref(op[1], where);
        } else if (name == "repeat") {
            arity(2, "[\"repeat\", count, [operations]]");
            result.kind = OpKind::Repeat;
            const std::optional<std::int64_t> count = whole_number(op[1]);
            if (!count || *count < 0) {
                reject(where, "the count must be a whole number >= 0, got " + quote_json(op[1]));
            }
            result.count = *count;
            if (!op[2].is_array()) {
                reject(where, "the body must be a list of operations, got " + quote_json(op[2]));
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
        const std::optional<std::int64_t> ms = whole_number(v);
        if (!ms || *ms < 0) {
            reject(where,
                   "the time must be a whole number of milliseconds >= 0, got " + quote_json(v));
        }
        if (*ms > kMaxTotalMilliseconds) {
            reject(where, "the time must be at most 10^15 ms, got " + quote_json(v));
        }
        return *ms;
    }

    // Names reach the terminal as they are (a --timeline row, a column of
    // `coop compare`): a name that could move the cursor or clear the
    // screen is refused here, once, rather than escaped everywhere.
    void check_name(std::string_view name, const std::string& what) const {
        for (const char c : name) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x20 || byte == 0x7F) {
                reject(what + ": a name may not hold control characters");
            }
        }
    }

    std::string text(const json& v, const Place& where) const {
        if (!v.is_string()) {
            reject(where, "the text must be a string, got " + quote_json(v));
        }
        return v.get<std::string>();
    }

    int task_ref(const json& v, const Place& where) const {
        if (!v.is_string()) {
            reject(where, "a task is named by a string, got " + quote_json(v));
        }
        auto it = task_index_.find(v.get<std::string>());
        if (it == task_index_.end()) {
            reject(where, "no task is named " + quote_json(v));
        }
        return it->second;
    }

    int channel_ref(const json& v, const Place& where) const {
        if (!v.is_string()) {
            reject(where, "a channel is named by a string, got " + quote_json(v));
        }
        auto it = channel_index_.find(v.get<std::string>());
        if (it == channel_index_.end()) {
            reject(where, "no channel is named " + quote_json(v) +
                              " (channels are declared in \"channels\")");
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

// a + b * times, or `cap` + 1 if that is more than `cap`; all arguments >= 0.
std::int64_t add_capped(std::int64_t a, std::int64_t b, std::int64_t times, std::int64_t cap) {
    if (b != 0 && times > (cap + 1 - a) / b) {
        return cap + 1;
    }
    return std::min(a + b * times, cap + 1);
}

void add_cost(const std::vector<Op>& ops, std::int64_t multiplier, ScenarioCost& cost) {
    for (const Op& op : ops) {
        cost.operations = add_capped(cost.operations, 1, multiplier, kMaxOperations);
        if (op.kind == OpKind::Sleep || op.kind == OpKind::Busy) {
            const std::int64_t ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(op.duration).count();
            cost.milliseconds =
                add_capped(cost.milliseconds, ms, multiplier, kMaxTotalMilliseconds);
        } else if (op.kind == OpKind::Repeat && op.count > 0) {
            const std::int64_t passes = add_capped(0, multiplier, op.count, kMaxOperations);
            cost.operations = add_capped(cost.operations, 1, passes, kMaxOperations);
            add_cost(op.body, passes, cost);
        }
        if (cost.operations > kMaxOperations && cost.milliseconds > kMaxTotalMilliseconds) {
            return;  // both limits are passed: nothing more to learn
        }
    }
}

void check_cost(const Scenario& s) {
    const ScenarioCost cost = scenario_cost(s);
    if (cost.milliseconds > kMaxTotalMilliseconds) {
        throw ScenarioError(s.source +
                            ": the sleeps and busy work could add up to more than 10^15 ms "
                            "(counting each as often as the repeats around it run it); the "
                            "virtual clock stops there");
    }
    if (cost.operations > kMaxOperations) {
        throw ScenarioError(s.source +
                            ": the scenario could run more than 10^8 operations (counting "
                            "each as often as the repeats around it run it, and each pass of a "
                            "repeat)");
    }
}

}  // namespace

ScenarioCost scenario_cost(const Scenario& scenario) {
    ScenarioCost cost;
    for (const TaskSpec& task : scenario.tasks) {
        add_cost(task.ops, 1, cost);
    }
    return cost;
}

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
    check_cost(s);
}

namespace {

// nlohmann's own builder of a value from parse events, with two checks as
// the text is read: how deeply arrays and objects nest, and that no object
// has the same key twice (nlohmann would keep the last one without a word,
// so a typo would silently win). Checking while reading, not afterwards,
// means that no deep value is ever built. (nlohmann's parse() with a
// callback does the same checks, but its callback builder searches each
// finished object's parent again: quadratic in the number of tasks.)
class CheckedBuilder : public nlohmann::detail::json_sax_dom_parser<json> {
  public:
    CheckedBuilder(json& result, const Parser& parser)
        : json_sax_dom_parser(result, true), parser_(parser) {}

    bool start_object(std::size_t elements) {
        enter();
        keys_.emplace_back();
        return json_sax_dom_parser::start_object(elements);
    }
    bool end_object() {
        --depth_;
        keys_.pop_back();
        return json_sax_dom_parser::end_object();
    }
    bool start_array(std::size_t elements) {
        enter();
        return json_sax_dom_parser::start_array(elements);
    }
    bool end_array() {
        --depth_;
        return json_sax_dom_parser::end_array();
    }
    bool key(std::string& name) {
        if (!keys_.back().insert(name).second) {
            parser_.reject("the key " + quote_json(name) + " appears twice in the same object");
        }
        return json_sax_dom_parser::key(name);
    }

  private:
    void enter() {
        if (++depth_ > kMaxJsonDepth) {
            parser_.reject("arrays and objects nest more than " + std::to_string(kMaxJsonDepth) +
                           " deep");
        }
    }

    const Parser& parser_;
    int depth_ = 0;
    std::vector<std::set<std::string>> keys_;  // the keys of each open object
};

}  // namespace

Scenario parse_scenario(std::string_view json_text, std::string_view source_name) {
    Parser parser(source_name);
    json doc;
    try {
        CheckedBuilder builder(doc, parser);
        json::sax_parse(json_text.begin(), json_text.end(), &builder);
    } catch (const json::exception& err) {
        // A syntax error (nlohmann's message already says "at line L, column
        // C") or a number out of range (found by fuzzing: 5e555); drop the
        // library's internal "[json.exception.parse_error.101] " prefix.
        std::string what = err.what();
        if (const auto bracket = what.find("] "); bracket != std::string::npos) {
            what = what.substr(bracket + 2);
        }
        // The library quotes what it last read, which can be a whole
        // megabyte-long string: keep the start of it.
        if (const auto quoted = what.find("last read: '"); quoted != std::string::npos) {
            what = what.substr(0, quoted) + "last read: '" +
                   excerpt(what.substr(quoted + 12, what.size() - quoted - 13)) + "'";
        }
        parser.reject("not valid JSON: " + what);
    }
    Scenario scenario = parser.parse(doc);
    validate_scenario(scenario);
    return scenario;
}

namespace {

// The file's bytes, at most kMaxFileBytes of them, or a ScenarioError with
// the system's reason. Read in pieces, never by asking for the file's size
// first: /dev/zero and pipes have none.
std::string read_scenario_bytes(const std::string& path) {
    const std::string name = excerpt(path);
    auto refuse = [&](const std::string& what) { throw ScenarioError(name + ": " + what); };
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        refuse(std::string("cannot open the file: ") + std::strerror(errno));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
        refuse("cannot read the file: " + std::string(std::strerror(EISDIR)));
    }
    std::string bytes;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            refuse(std::string("cannot read the file: ") + std::strerror(errno));
        }
        if (n == 0) {
            break;
        }
        if (bytes.size() + static_cast<std::size_t>(n) > kMaxFileBytes) {
            refuse("the file is larger than 64 MiB, the most a scenario may be");
        }
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    if (bytes.empty()) {
        refuse("the file is empty (a scenario is a JSON object with \"tasks\")");
    }
    if (const std::size_t nul = bytes.find('\0'); nul != std::string::npos) {
        refuse("a NUL byte at offset " + std::to_string(nul) +
               ": this is not a text file (a scenario is a JSON object with \"tasks\")");
    }
    return bytes;
}

}  // namespace

Scenario load_scenario_file(const std::string& path) {
    return parse_scenario(read_scenario_bytes(path), excerpt(path));
}

}  // namespace coop
