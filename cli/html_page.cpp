#include "cli/html_page.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string_view>

#include "cli/embedded_files.hpp"
#include "cli/runs.hpp"
#include "common/text.hpp"

namespace coop::cli {

namespace {

// How many of the trace's last lines each step shows, as in coop step.
constexpr std::size_t kTraceLines = 8;
constexpr std::size_t kMaxTaskEntries = 200'000;

nlohmann::json frame_json(const StepFrame& f) {
    nlohmann::json timers = nlohmann::json::array();
    for (const StepFrame::Timer& t : f.timers) {
        timers.push_back({{"due_ms", t.due_ms}, {"seq", t.seq}, {"task", t.task}});
    }
    nlohmann::json waiting = nlohmann::json::array();
    for (const StepFrame::Waiting& w : f.waiting) {
        waiting.push_back({{"task", w.task}, {"on", w.on}, {"at", w.at}});
    }
    return {
        {"number", f.number},       {"step", step_name(f.step)},     {"iteration", f.iteration},
        {"t_ms", f.t_ms},           {"running", f.running},          {"running_at", f.running_at},
        {"ready_now", f.ready_now}, {"ready_next", f.ready_next},    {"timers", timers},
        {"waiting", waiting},       {"trace_events", f.trace_events}};
}

nlohmann::json run_json(const SteppedRun& run) {
    nlohmann::json frames = nlohmann::json::array();
    // Only the trace lines some step shows (its last 8): a run may log
    // millions of events in one step, and the page must stay small.
    std::set<std::size_t> shown;
    for (const StepFrame& f : run.frames) {
        frames.push_back(frame_json(f));
        for (std::size_t i = f.trace_events - std::min(kTraceLines, f.trace_events);
             i < f.trace_events; ++i) {
            shown.insert(i);
        }
    }
    nlohmann::json trace = nlohmann::json::object();
    for (const std::size_t i : shown) {
        if (i < run.trace_lines.size()) {
            trace[std::to_string(i)] = run.trace_lines[i];
        }
    }
    return {{"name", run.technique},       {"outcome", outcome_name(run.outcome)},
            {"cut_short", run.cut_short},  {"ending", ending(run)},
            {"frames", std::move(frames)}, {"trace", std::move(trace)}};
}

// Text for an HTML element or attribute.
std::string escaped(std::string_view text) {
    std::string s;
    for (const char c : text) {
        switch (c) {
            case '&':
                s += "&amp;";
                break;
            case '<':
                s += "&lt;";
                break;
            case '>':
                s += "&gt;";
                break;
            case '"':
                s += "&quot;";
                break;
            default:
                s += c;
        }
    }
    return s;
}

std::string base64(std::string_view bytes) {
    static constexpr char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string s;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        unsigned group = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            group = (group << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
        }
        for (std::size_t k = 0; k < 4; ++k) {
            s += k <= n ? digits[(group >> (18 - 6 * k)) & 63u] : '=';
        }
    }
    return s;
}

// The four pictures of docs/pictures, as images whose bytes are in the page
// (data: URLs): inlined as <svg> elements their marker ids would clash.
std::string pictures_html() {
    std::string html;
    for (const std::string_view technique : {"callbacks", "generators", "coroutines", "fibers"}) {
        const std::string_view svg = embedded_file(std::string(technique) + ".svg");
        const std::size_t from = svg.find("<title>");
        const std::size_t to = svg.find("</title>");
        const std::string_view title = from != std::string_view::npos && to > from
                                           ? svg.substr(from + 7, to - from - 7)
                                           : technique;
        html += "<figure><img alt=\"" + escaped(title) + "\" src=\"data:image/svg+xml;base64," +
                base64(svg) + "\"><figcaption>" + std::string(technique) +
                "</figcaption></figure>\n";
    }
    return html;
}

// Replaces the first `marker` of the template after `from` by `text`;
// returns where the text ends, where the next marker is looked for (a
// title holding "@DATA@" must not be filled in again).
std::size_t fill(std::string& page, std::size_t from, std::string_view marker,
                 const std::string& text) {
    const std::size_t at = page.find(marker, from);
    if (at == std::string::npos) {
        throw std::logic_error("cli/page/schedule.html has no " + std::string(marker));
    }
    page.replace(at, marker.size(), text);
    return at + text.size();
}

}  // namespace

std::size_t page_frame_limit(std::size_t tasks) {
    return std::clamp<std::size_t>(kMaxTaskEntries / std::max<std::size_t>(tasks, 1), 1,
                                   kMaxFrames);
}

std::string schedule_page(const SchedulePage& page) {
    nlohmann::json data = {{"title", page.title}, {"techniques", nlohmann::json::array()}};
    for (const SteppedRun& run : page.runs) {
        data["techniques"].push_back(run_json(run));
    }
    // Inside <script>, "</script>" or "<!--" in a task's name would end the
    // data early: JSON may write every "<" as \u003c, and the script reads
    // it back unchanged. (Outside strings JSON has no "<".)
    std::string json;
    for (const char c : data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) {
        if (c == '<') {
            json += "\\u003c";
        } else {
            json += c;
        }
    }
    std::string html(embedded_file("schedule.html"));
    std::size_t at = fill(html, 0, "@TITLE@", escaped(page.title));
    at = fill(html, at, "@STYLE@", std::string(embedded_file("schedule.css")));
    at = fill(html, at, "@PICTURES@", pictures_html());
    at = fill(html, at, "@DATA@", json);
    fill(html, at, "@SCRIPT@", std::string(embedded_file("schedule.js")));
    return html;
}

std::string write_schedule_page(const std::string& path, const SchedulePage& page) {
    const std::string html = schedule_page(page);
    std::ofstream file(path, std::ios::binary);
    file << html;
    if (!file.flush()) {
        return "cannot write " + excerpt(path) + ": " + std::strerror(errno);
    }
    return "";
}

}  // namespace coop::cli
