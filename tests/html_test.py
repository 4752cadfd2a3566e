#!/usr/bin/python3
"""The page of `coop run --html` and `coop chess --html` (cli/html_page.hpp),
from the outside and in a real browser: that it references nothing outside
itself; that its panels and its timeline show, step for step, the frames
`coop step --frames` prints for the same run, when stepped with the arrow
keys, the buttons and clicks on the timeline; that the techniques agree on
it; its limits and bad arguments. Saves a screenshot of the page.

usage: html_test.py COOP_BINARY SCENARIO_DIR SCREENSHOT.png

The browser is Debian's chromium in headless mode, driven through
chromium-driver by python3-selenium (scripts/packages-ci.txt); both import
only in Debian's Python (/usr/bin/python3). Without them the checks that need
no browser still run, and the test then exits 77: meson reports it skipped.
Prints one line per check and a doctest-like summary line.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import Checks  # noqa: E402

coop, scenarios = str(Path(sys.argv[1]).resolve()), Path(sys.argv[2]).resolve()
screenshot = Path(sys.argv[3]).resolve()
checks = Checks()
check = checks.check
# Commands run from the directory above tests/, so that the page's title is
# tests/scenarios/producer-consumer.json, as in the README's screenshot.
root = scenarios.parent.parent
scenario = (scenarios / "producer-consumer.json").relative_to(root)
tmp = Path(tempfile.mkdtemp(prefix="coop-html-test-"))


def run(*args):
    p = subprocess.run([coop, *args], capture_output=True, text=True, timeout=120,
                       stdin=subprocess.DEVNULL, cwd=root)
    return p.returncode, p.stdout, p.stderr


def page_data(html):
    """The frames the page carries (its <script type="application/json">)."""
    m = re.search(r'<script type="application/json" id="coop-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1)) if m else None


# --- coop step's frames: what the page must show -------------------------------

def step_frames(technique, of=scenario):
    """Each frame of `coop step --frames 10000` as a dict of its fields, as
    the page's panels write them."""
    code, out, _ = run("step", "--frames", "10000", "--technique", technique, str(of))
    frames = []
    for block in out.split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0].startswith("=== ") and not lines[0].startswith("=== step "):
            frames[-1]["ending"] = lines[0]  # the run's ending, after the last frame
            continue
        if not lines:
            continue
        fields = {"title": lines[0][len("=== "):-len(" ===")], "running": "-", "timers": [],
                  "waiting": [], "trace": [], "ending": ""}
        name = None
        for line in lines[1:]:
            if line.startswith("=== "):
                fields["ending"] = line  # the last frame's ending follows it
            elif line.startswith("  {"):
                fields["trace"].append(line[2:])
            elif line[:9].strip():
                name, value = line[:9].strip(), line[9:]
                if name == "trace":
                    fields["trace-count"] = value.rstrip(":")
                elif name in ("timers", "waiting"):
                    fields[name] = [] if value == "-" else [value]
                else:
                    fields[name] = value
            elif name in ("timers", "waiting"):
                fields[name].append(line[9:])
        frames.append(fields)
    return frames


def activities(frame):
    """(task, activity) of every task a `coop step` frame shows."""
    found = {}
    m = re.match(r"step \d+: .*, run (.+)$", frame["title"])
    if m:
        found[m.group(1)] = "running"
    for queue in ("ready", "next"):
        for task in frame[queue].split(", ") if frame[queue] != "-" else []:
            found[task] = "ready"
    for timer in frame["timers"]:
        found[re.match(r"at -?\d+ ms: (.+) \(seq \d+\)$", timer).group(1)] = "sleeping"
    for w in frame["waiting"]:
        found[w.split(": ")[0]] = "waiting"
    return found


code, out, _ = run("run", "--help")
techniques = out.split("techniques:")[1].split("\n")[0].split()
expected = {t: step_frames(t) for t in techniques}
check(all(len(expected[t]) > 10 for t in techniques), "coop step --frames gives the frames of "
      f"{scenario.name} in every technique ({len(expected[techniques[0]])} in the first)")

# --- the page, without a browser ----------------------------------------------
page = tmp / "page.html"
code, out, err = run("run", "--html", str(page), str(scenario))
check(code == 0 and out == run("run", str(scenario))[1],
      "coop run --html OUT FILE: exit 0, the same trace on standard output as without it", err)
html = page.read_text() if page.exists() else ""
# Nothing outside the page: no URL of a network, no attribute naming another
# file (only data: URLs and the page's own #ids), no CSS import or url().
check(html and not re.search(r"(https?|ftp|wss?):", html, re.I),
      "the page names no network address (http:, https:, ...)")
references = re.findall(r"""\b(?:src|href|xlink:href|action)\s*=\s*["']?([^"'\s>]*)""", html, re.I)
check(all(r.startswith("data:") or r.startswith("#") for r in references),
      f"its src and href attributes are data: URLs or #ids ({len(references)})", str(references))
check(not re.search(r"@import|url\((?!data:)|<link\b|<iframe\b|<object\b|<embed\b", html, re.I),
      "no @import, url(), <link>, <iframe>, <object> or <embed>")
check(html.count("<script") == 2 and "<script src" not in html,
      "two <script> elements, both inline: the data and the script")
data = page_data(html)
check(data is not None and [t["name"] for t in data["techniques"]] == techniques,
      "its data holds the frames of every technique, in coop run's order")
pictures = re.findall(r'<img alt="([^"]*)" src="data:image/svg\+xml;base64,', html)
check(len(pictures) == 4 and all("suspended" in p for p in pictures),
      "the four pictures of docs/pictures are inside it, as data: images", str(pictures))

# The frame cap: a run of 20,000 steps gives a page of 10,000, which says so.
long_run = tmp / "long.json"
long_run.write_text(json.dumps({"tasks": [{"name": "spin", "ops": [["repeat", 20000, [["sleep", 0]]]]}]}))
code, _, err = run("run", "--technique", "callbacks", "--html", str(tmp / "long.html"), str(long_run))
long_data = page_data((tmp / "long.html").read_text()) if code == 0 else None
check(long_data is not None and len(long_data["techniques"][0]["frames"]) == 10000
      and long_data["techniques"][0]["cut_short"]
      and "stopped after 10,000 steps" in long_data["techniques"][0]["ending"],
      "a run of 20,000 steps: the page keeps 10,000 and says the run was stopped there", err)
# Many tasks: fewer steps, so that the page stays small.
many = tmp / "many.json"
many.write_text(json.dumps({"tasks": [{"name": f"t{i}", "ops": [["sleep", i % 7], ["sleep", 1]]}
                                      for i in range(4000)]}))
code, _, err = run("run", "--technique", "coroutines", "--html", str(tmp / "many.html"), str(many))
size = (tmp / "many.html").stat().st_size if code == 0 else 0
many_data = page_data((tmp / "many.html").read_text()) if code == 0 else None
check(many_data is not None and len(many_data["techniques"][0]["frames"]) == 50
      and many_data["techniques"][0]["cut_short"] and size < 16 * 2**20,
      f"4,000 tasks: the page keeps 50 steps (200,000 task entries), {size:,} bytes", err)
# A name that would end the script early stays data.
hostile = tmp / "hostile.json"
name = "</script><!--<script>x</script>"
hostile.write_text(json.dumps({"tasks": [{"name": name, "ops": [["sleep", 1]]}]}))
code, _, err = run("run", "--technique", "fibers", "--html", str(tmp / "hostile.html"), str(hostile))
hostile_html = (tmp / "hostile.html").read_text() if code == 0 else ""
hostile_data = page_data(hostile_html)
check(hostile_html.count("</script>") == 2 and hostile_data is not None
      and hostile_data["techniques"][0]["frames"][1]["running"] == name,
      "a task named </script>...: still two </script> in the page, the name intact in its data")

# The exhibition's page: every version, the same frames, no operation places.
code, out, err = run("chess", "--no-os", "--html", str(tmp / "chess.html"))
chess = page_data((tmp / "chess.html").read_text()) if code == 0 else None
events = re.search(r"\(([\d,]+) trace events\)", out)
check(chess is not None and len(chess["techniques"]) == len(techniques)
      and all(t["frames"] == chess["techniques"][0]["frames"] for t in chess["techniques"])
      and events is not None
      and chess["techniques"][0]["ending"]
      == f"=== the run is over: all ended, {events.group(1).replace(',', '')} trace events ===",
      "coop chess --html: every version's frames are the same, to the end of the trace "
      "coop chess counts", err)

# Bad arguments: before anything runs (2), and a file that fails when written (1).
for args, status, says in [
    (["run", "--html"], 2, "--html needs a value"),
    (["run", "--html", str(tmp / "no" / "such" / "p.html"), str(scenario)], 2,
     f"cannot write {tmp}/no/such/p.html: No such file or directory"),
    (["run", "--html", "/dev/full", str(scenario)], 1, "cannot write /dev/full: No space left"),
    (["chess", "--html"], 2, "--html needs a value"),
    (["chess", "--no-os", "--html", str(tmp)], 2, f"cannot write {tmp}: Is a directory"),
]:
    code, out, err = run(*args)
    check(code == status and says in err and (status != 2 or out == ""),
          f"coop {' '.join(args)}: exit {status}, says '{says}'", f"exit {code}: {err}")
code, out, _ = run("run", "--help")
check("--html FILE" in out and "at most 10,000 steps" in out, "coop run --help explains --html")


# --- in the browser ------------------------------------------------------------
def browser():
    """A headless chromium driven by selenium, or (None, why not)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None, "python3-selenium is not installed (or this is not Debian's Python)"
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        return None, "chromium or chromium-driver is not installed"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    # --no-sandbox: chromium refuses to run as root (CI) with its sandbox;
    # --headless=new: no display; --disable-gpu: none here. Its D-Bus
    # complaints on standard error are harmless.
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1100,760"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(driver), options=options), ""
    except Exception as error:  # a driver that does not start is a failure, not a skip
        return None, f"FAILED to start chromium: {error}"


PANELS = """
const text = id => document.getElementById(id).textContent;
const items = id => [...document.getElementById(id).children].map(li => li.textContent)
                                                            .filter(t => t !== "-");
return {title: text("step-title"), running: text("running"), ready: text("ready"),
        next: text("next"), timers: items("timers"), waiting: items("waiting"),
        "trace-count": text("trace-count"),
        trace: text("trace") === "" ? [] : text("trace").split("\\n"),
        ending: text("ending"), position: text("position")};
"""


def panels_match(driver, technique, step, what, frames=None):
    """Checks the panels show step `step` (1-based) of `technique`'s frames
    (of producer-consumer.json, unless `frames` are given)."""
    frames = frames or expected[technique]
    shown = driver.execute_script(PANELS)
    want = dict(frames[step - 1])
    want["position"] = f"step {step} of {len(frames)} ({technique})"
    differ = {k: (shown.get(k), v) for k, v in want.items() if shown.get(k) != v}
    check(not differ, f"{what}: the panels show step {step} of {technique} as coop step does",
          json.dumps(differ, indent=1))


driver, why = browser()
if driver is None:
    if why.startswith("FAILED"):
        check(False, why)
    else:
        checks.skip(f"the browser checks: {why}")
    shutil.rmtree(tmp, ignore_errors=True)
    status = checks.summary()
    sys.exit(status if status else 77)

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(page.as_uri())
    fetched = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith('data:'))")
    check(fetched == [], "in the browser the page fetched nothing", str(fetched))
    body = driver.find_element(By.TAG_NAME, "body")
    default = "coroutines" if "coroutines" in techniques else techniques[0]
    n = len(expected[default])

    panels_match(driver, default, 1, "on opening")
    agreement = driver.find_element(By.ID, "agreement").text
    check(agreement == f"The frames are identical in all {len(techniques)} techniques: "
          f"{n} steps, frame for frame.", "the page finds the techniques identical", agreement)

    # The timeline: each task's bars are where coop step's frames find it.
    bars = driver.execute_script("""return [...document.querySelectorAll('#steps rect[data-task]')]
        .map(r => [r.dataset.task, r.dataset.activity, +r.dataset.from, +r.dataset.to]);""")
    drawn = {}
    for task, activity, first, last in bars:
        for step in range(first, last + 1):
            drawn[(step, task)] = activity
    want = {(i + 1, task): activity for i, f in enumerate(expected[default])
            for task, activity in activities(f).items()}
    check(drawn == want, f"the timeline's {len(bars)} bars: each task running, ready, sleeping "
          "or waiting at the steps where coop step's frames show it so",
          str(sorted(set(drawn.items()) ^ set(want.items()))[:10]))
    # Who runs, in every technique: the run steps of its coop step frames.
    for t in techniques:
        runs = driver.execute_script(
            f"return [...document.querySelectorAll('#steps rect[data-technique=\"{t}\"]')]"
            ".map(r => [+r.dataset.step, r.dataset.runs]);")
        want_runs = [[i + 1, a] for i, f in enumerate(expected[t])
                     for a, kind in activities(f).items() if kind == "running"]
        check(runs == want_runs, f"the row of who runs in {t}: its run steps, in order",
              f"{runs[:6]} vs {want_runs[:6]}")

    # Forward with the right arrow through every step, then back.
    for step in range(2, n + 1):
        body.send_keys(Keys.ARROW_RIGHT)
        panels_match(driver, default, step, "right arrow")
    body.send_keys(Keys.ARROW_RIGHT)
    panels_match(driver, default, n, "right arrow at the last step stays there")
    for step in range(n - 1, n - 6, -1):
        body.send_keys(Keys.ARROW_LEFT)
        panels_match(driver, default, step, "left arrow")

    # Clicks on the timeline: its columns, one per step.
    for step in (3, 17, n):
        column = driver.find_element(By.CSS_SELECTOR, f'#steps rect.hit[data-step="{step}"]')
        column.click()
        panels_match(driver, default, step, f"a click on the timeline's column {step}")
        cursor_x = driver.execute_script("return document.querySelector('#steps .cursor')"
                                         ".getAttribute('x')")
        check(cursor_x == column.get_attribute("x"), f"the cursor is over column {step}")
    driver.find_element(By.ID, "back").click()
    panels_match(driver, default, n - 1, "the back button")

    # Another technique: the same panels, from its own frames.
    other = "fibers" if "fibers" in techniques else techniques[0]
    driver.find_element(By.ID, f"technique-{other}").click()
    panels_match(driver, other, n - 1, f"after choosing {other}")
    body.send_keys(Keys.ARROW_LEFT)
    panels_match(driver, other, n - 2, f"{other}, left arrow")

    images = driver.execute_script(
        "return [...document.querySelectorAll('#pictures img')].map(i => i.naturalWidth)")
    check(len(images) == 4 and all(w > 0 for w in images),
          "the four pictures are drawn (each decoded, with a width)", str(images))
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    check(errors == [], "no error in the browser's console", str(errors))

    # A run that stalls: at its last step (End) the tasks wait on their recv.
    deadlock = (scenarios / "deadlock.json").relative_to(root)
    code, _, err = run("run", "--technique", "generators", "--html", str(tmp / "deadlock.html"),
                       str(deadlock))
    check(code == 3, "coop run --html of deadlock.json: exit 3 (stalled), the page written", err)
    driver.get((tmp / "deadlock.html").as_uri())
    stalled = step_frames("generators", deadlock)
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.END)
    panels_match(driver, "generators", len(stalled), "deadlock.json, the End key", stalled)
    check("stalled" in driver.find_element(By.ID, "ending").text and stalled[-1]["waiting"],
          "deadlock.json: the last step says the run stalled, with the tasks waiting")
    driver.get(page.as_uri())

    # The screenshot (the README's is this one): step 8, the consumer woken.
    driver.find_element(By.CSS_SELECTOR, f"#technique-{default}").click()
    driver.find_element(By.CSS_SELECTOR, '#steps rect.hit[data-step="8"]').click()
    driver.execute_script("window.scrollTo(0, 0)")
    check(driver.save_screenshot(str(screenshot)) and screenshot.stat().st_size > 10000,
          f"a screenshot saved to {screenshot}")
finally:
    driver.quit()
    shutil.rmtree(tmp, ignore_errors=True)

sys.exit(checks.summary())
