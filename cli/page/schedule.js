// The page of `coop run --html` and `coop chess --html` (cli/html_page.hpp).
// It draws the frames coop recorded while each technique ran: the timeline
// has a column per step and a row per task, coloured by where that step's
// frame found the task; the panels show one frame as `coop step` prints it.
// Nothing here knows the loop's rules: every state is read from a frame.
"use strict";

const data = JSON.parse(document.getElementById("coop-data").textContent);
// The SVG namespace, read from the page's own <svg> element.
const SVG = document.getElementById("steps").namespaceURI;
const STEP_WIDTH = 10;  // px per step, before the time that passes
const ROW_HEIGHT = 22;
const AXIS_HEIGHT = 30;
const NAME_WIDTH = 150;

let shown = 0;  // the technique whose frames are drawn
let at = 0;     // the step shown (an index into its frames)

function frames() {
  return data.techniques[shown].frames;
}

// Where a frame found each task: running, ready, sleeping, waiting.
function activities(frame) {
  const found = new Map();
  if (frame.running) {
    found.set(frame.running, "running");
  }
  for (const task of frame.ready_now.concat(frame.ready_next)) {
    found.set(task, "ready");
  }
  for (const timer of frame.timers) {
    found.set(timer.task, "sleeping");
  }
  for (const w of frame.waiting) {
    found.set(w.task, "waiting");
  }
  return found;
}

// The tasks in the order the frames first show them.
function tasksOf(list) {
  const tasks = [];
  const seen = new Set();
  for (const frame of list) {
    for (const task of activities(frame).keys()) {
      if (!seen.has(task)) {
        seen.add(task);
        tasks.push(task);
      }
    }
  }
  return tasks;
}

// Where each step's column begins, and where the last one ends. A step is
// STEP_WIDTH wide, plus the time until the next step at a scale that gives
// time about as much room as the steps (at most 40 px per ms).
function columns(list) {
  const n = list.length;
  const span = n > 0 ? list[n - 1].t_ms - list[0].t_ms : 0;
  const perMs = span > 0 ? Math.min(40, (n * STEP_WIDTH) / span) : 0;
  const xs = [0];
  for (let i = 0; i < n; i++) {
    const passes = i + 1 < n ? list[i + 1].t_ms - list[i].t_ms : 0;
    xs.push(xs[i] + STEP_WIDTH + passes * perMs);
  }
  return xs;
}

function element(name, attributes, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    e.setAttribute(key, value);
  }
  parent.appendChild(e);
  return e;
}

function text(parent, content, attributes) {
  const t = element("text", attributes, parent);
  t.textContent = content;
  return t;
}

// A colour per task, for the rows that show who each technique runs.
function taskColour(index) {
  return `hsl(${(200 + index * 137.5) % 360}, 60%, 45%)`;
}

let xs = [];
let cursor = null;

function drawTimeline() {
  const list = frames();
  const tasks = tasksOf(list);
  xs = columns(list);
  const names = document.getElementById("names");
  const steps = document.getElementById("steps");
  names.replaceChildren();
  steps.replaceChildren();
  const rows = tasks.length + 1 + data.techniques.length;
  const height = AXIS_HEIGHT + rows * ROW_HEIGHT + 4;
  const width = xs[xs.length - 1] + 40;
  names.setAttribute("width", NAME_WIDTH);
  names.setAttribute("height", height);
  steps.setAttribute("width", width);
  steps.setAttribute("height", height);

  // The time axis: the clock at the steps where it moved, labels apart.
  let lastLabel = -Infinity;
  list.forEach((frame, i) => {
    if (i > 0 && frame.t_ms === list[i - 1].t_ms) {
      return;
    }
    element("line", {x1: xs[i], x2: xs[i], y1: AXIS_HEIGHT - 6, y2: AXIS_HEIGHT, stroke: "#555"},
            steps);
    if (xs[i] - lastLabel >= 70) {
      text(steps, `${frame.t_ms} ms`, {x: xs[i] + 2, y: AXIS_HEIGHT - 10});
      lastLabel = xs[i];
    }
  });
  text(names, "time", {x: 4, y: AXIS_HEIGHT - 10});

  // A row per task: runs of steps in one activity become one bar.
  const found = list.map(activities);
  tasks.forEach((task, row) => {
    const y = AXIS_HEIGHT + row * ROW_HEIGHT;
    // The task's colour in the rows of who runs.
    element("rect", {x: 4, y: y + 6, width: 9, height: 9, fill: taskColour(row)}, names);
    text(names, task.length > 18 ? task.slice(0, 17) + "…" : task, {x: 18, y: y + 15})
        .appendChild(document.createElementNS(SVG, "title")).textContent = task;
    let from = 0;
    for (let i = 1; i <= list.length; i++) {
      const activity = found[from].get(task);
      if (i < list.length && found[i].get(task) === activity) {
        continue;
      }
      if (activity) {
        const bar = element("rect", {
          x: xs[from], y: y + 3, width: Math.max(1, xs[i] - xs[from] - 0.5), height: ROW_HEIGHT - 6,
          class: activity, "data-task": task, "data-activity": activity,
          "data-from": from + 1, "data-to": i,
        }, steps);
        element("title", {}, bar).textContent =
            `${task}: ${activity}, steps ${from + 1} to ${i}`;
      }
      from = i;
    }
  });

  // Who runs at each step, in every technique, one row each: the same
  // colours in the same columns when the techniques agree.
  const top = AXIS_HEIGHT + (tasks.length + 1) * ROW_HEIGHT;
  text(names, "who runs, in:", {x: 4, y: top - 6});
  data.techniques.forEach((technique, row) => {
    const y = top + row * ROW_HEIGHT;
    text(names, technique.name, {x: 4, y: y + 15});
    technique.frames.forEach((frame, i) => {
      if (frame.running && i + 1 < xs.length) {
        const index = tasks.indexOf(frame.running);
        element("rect", {
          x: xs[i], y: y + 4, width: Math.max(1, xs[i + 1] - xs[i] - 0.5), height: ROW_HEIGHT - 8,
          fill: taskColour(index < 0 ? tasks.length : index),
          "data-technique": technique.name, "data-step": i + 1, "data-runs": frame.running,
        }, steps);
      }
    });
  });

  // A column to click per step, and the cursor over the step shown.
  list.forEach((frame, i) => {
    element("rect", {
      x: xs[i], y: 0, width: xs[i + 1] - xs[i], height, class: "hit", "data-step": i + 1,
    }, steps).appendChild(document.createElementNS(SVG, "title")).textContent =
        `step ${frame.number}: t = ${frame.t_ms} ms, ${frame.step}`;
  });
  cursor = element("rect", {class: "cursor", y: 0, height, width: STEP_WIDTH}, steps);
}

function joined(names) {
  return names.length ? names.join(", ") : "-";
}

function setText(id, content) {
  document.getElementById(id).textContent = content;
}

function setItems(id, lines) {
  const list = document.getElementById(id);
  list.replaceChildren();
  for (const line of lines.length ? lines : ["-"]) {
    const item = document.createElement("li");
    item.textContent = line;
    list.appendChild(item);
  }
  list.classList.toggle("empty", lines.length === 0);
}

// The panels: the frame of step `at`, as coop step prints it.
function showStep() {
  const list = frames();
  const technique = data.techniques[shown];
  if (list.length === 0) {
    setText("step-title", "no steps: no task started");
    setText("ending", technique.ending);
    return;
  }
  const f = list[at];
  setText("position", `step ${at + 1} of ${list.length} (${technique.name})`);
  setText("step-title", `step ${f.number}: iteration ${f.iteration}, t = ${f.t_ms} ms, ` +
                        `${f.step}${f.running ? " " + f.running : ""}`);
  setText("running", f.running ? f.running + (f.running_at ? ", at " + f.running_at : "") : "-");
  setText("ready", joined(f.ready_now));
  setText("next", joined(f.ready_next));
  setItems("timers", f.timers.map(t => `at ${t.due_ms} ms: ${t.task} (seq ${t.seq})`));
  setItems("waiting", f.waiting.map(w => `${w.task}: ${w.on}` + (w.at ? ", at " + w.at : "")));
  const n = f.trace_events;
  const last = Math.min(8, n);
  setText("trace-count", `${n} ${n === 1 ? "event" : "events"}` +
                         (last === 0 || last === n ? "" : `, the last ${last}`));
  const lines = [];
  for (let i = n - last; i < n; i++) {
    lines.push(technique.trace[String(i)]);
  }
  setText("trace", lines.join("\n"));
  setText("ending", at + 1 === list.length ? technique.ending : "");
  cursor.setAttribute("x", xs[at]);
  cursor.setAttribute("width", Math.max(2, xs[at + 1] - xs[at]));
  const scroller = document.getElementById("scroller");
  if (xs[at] < scroller.scrollLeft || xs[at + 1] > scroller.scrollLeft + scroller.clientWidth) {
    scroller.scrollLeft = Math.max(0, xs[at] - scroller.clientWidth / 2);
  }
}

function go(step) {
  at = Math.max(0, Math.min(frames().length - 1, step));
  showStep();
}

// Do the techniques agree? Compared here, frame for frame and trace line for
// trace line, from the data of each run.
function agreement() {
  const first = data.techniques[0];
  const same = t => JSON.stringify(t.frames) === JSON.stringify(first.frames) &&
                    JSON.stringify(t.trace) === JSON.stringify(first.trace);
  const differing = data.techniques.filter(t => !same(t));
  const p = document.getElementById("agreement");
  if (differing.length === 0) {
    p.textContent = `The frames are identical in all ${data.techniques.length} techniques: ` +
                    `${first.frames.length} steps, frame for frame.`;
    p.className = "agree";
    return;
  }
  p.className = "differ";
  p.textContent = differing.map(t => {
    let i = 0;
    while (i < t.frames.length && i < first.frames.length &&
           JSON.stringify(t.frames[i]) === JSON.stringify(first.frames[i])) {
      i++;
    }
    return `${t.name} differs from ${first.name} at step ${i + 1}`;
  }).join("; ") + ".";
}

function chooseTechnique(index) {
  shown = index;
  const cut = document.getElementById("cut-short");
  cut.hidden = !data.techniques[shown].cut_short;
  cut.textContent = `The run was stopped after ${frames().length} steps: a page keeps at most ` +
                    "that many, so that its size is bounded.";
  drawTimeline();
  go(at);
}

function start() {
  document.getElementById("title").textContent = `coop: ${data.title}`;
  const choices = document.getElementById("techniques");
  data.techniques.forEach((technique, i) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "technique";
    input.value = technique.name;
    input.id = `technique-${technique.name}`;
    input.addEventListener("change", () => {
      input.blur();  // the arrow keys step, rather than choose another technique
      chooseTechnique(i);
    });
    label.append(input, ` ${technique.name}`);
    choices.appendChild(label);
  });
  // coop step's default technique, if it ran.
  const preferred = data.techniques.findIndex(t => t.name === "coroutines");
  const first = preferred < 0 ? 0 : preferred;
  choices.querySelectorAll("input")[first].checked = true;
  agreement();
  chooseTechnique(first);

  document.getElementById("steps").addEventListener("click", event => {
    const step = event.target.getAttribute("data-step");
    if (step !== null) {
      go(Number(step) - 1);
    }
  });
  document.getElementById("back").addEventListener("click", () => go(at - 1));
  document.getElementById("forward").addEventListener("click", () => go(at + 1));
  document.addEventListener("keydown", event => {
    const moves = {ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: frames().length - 1};
    if (event.key in moves) {
      event.preventDefault();
      go(moves[event.key]);
    }
  });
}

start();
