#include "tests/random_scenarios.hpp"

#include <vector>

#include <nlohmann/json.hpp>

namespace coop::test {

namespace {

using json = nlohmann::json;

// A small, fully specified generator (splitmix64), so that a seed means the
// same scenario with every standard library.
class Random {
  public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    bool chance(int percent) { return below(100) < percent; }

  private:
    std::uint64_t state_;
};

struct Plan {
    int tasks;
    int channels;
    std::vector<bool> starts;     // starts by itself?
    std::vector<int> spawned_by;  // for a start:false task: which task spawns it (-1: none)
};

json random_op(Random& r, const Plan& plan, int self, int depth) {
    const int other = [&] {
        int t = r.below(plan.tasks - 1);
        return t >= self ? t + 1 : t;
    }();
    const std::string other_name = "t" + std::to_string(other);
    switch (r.below(depth == 0 ? 11 : 10)) {
        case 0:
        case 1:
            return json::array({"sleep", r.chance(40) ? 0 : r.below(6)});
        case 2:
            return json::array({"busy", r.below(4)});
        case 3:
            return json::array({"log", "x" + std::to_string(r.below(100))});
        case 4:
            return json::array({"join", other_name});
        case 5:
            return json::array({"cancel", other_name});
        case 6:
        case 7:
            if (plan.channels > 0) {
                return json::array(
                    {"send", "c" + std::to_string(r.below(plan.channels)), r.below(1000)});
            }
            return json::array({"sleep", 1});
        case 8:
            if (plan.channels > 0) {
                return json::array({"recv", "c" + std::to_string(r.below(plan.channels))});
            }
            return json::array({"sleep", 0});
        case 9:
            if (r.chance(30)) {
                return json::array({"fail", "f" + std::to_string(self)});
            }
            return json::array({"sleep", 2});
        default: {
            // A repeat, never more than two deep, never holding a spawn.
            json body = json::array();
            const int n = 1 + r.below(3);
            for (int i = 0; i < n; ++i) {
                body.push_back(random_op(r, plan, self, depth + 1));
            }
            return json::array({"repeat", r.below(4), body});
        }
    }
}

}  // namespace

std::string random_scenario_json(std::uint64_t seed) {
    Random r(seed);
    Plan plan;
    plan.tasks = 2 + r.below(4);
    plan.channels = r.below(3);
    for (int i = 0; i < plan.tasks; ++i) {
        plan.starts.push_back(i == 0 || r.chance(60));
        plan.spawned_by.push_back(-1);
    }
    // Each task that does not start by itself is spawned by at most one
    // other task, once (at the top level of its operations).
    for (int i = 0; i < plan.tasks; ++i) {
        if (!plan.starts[static_cast<std::size_t>(i)] && r.chance(85)) {
            int by = r.below(plan.tasks - 1);
            plan.spawned_by[static_cast<std::size_t>(i)] = by >= i ? by + 1 : by;
        }
    }

    json channels = json::object();
    for (int c = 0; c < plan.channels; ++c) {
        channels["c" + std::to_string(c)] = r.below(3);
    }
    json tasks = json::array();
    for (int i = 0; i < plan.tasks; ++i) {
        json ops = json::array();
        const int n = 1 + r.below(6);
        for (int k = 0; k < n; ++k) {
            ops.push_back(random_op(r, plan, i, 0));
        }
        // Put this task's spawns at random places among its operations.
        for (int child = 0; child < plan.tasks; ++child) {
            if (plan.spawned_by[static_cast<std::size_t>(child)] == i) {
                const auto at =
                    static_cast<std::ptrdiff_t>(r.below(static_cast<int>(ops.size()) + 1));
                ops.insert(ops.begin() + at, json::array({"spawn", "t" + std::to_string(child)}));
            }
        }
        json task = {{"name", "t" + std::to_string(i)}, {"ops", ops}};
        if (!plan.starts[static_cast<std::size_t>(i)]) {
            task["start"] = false;
        }
        tasks.push_back(task);
    }
    return json{{"channels", channels}, {"tasks", tasks}}.dump();
}

}  // namespace coop::test
