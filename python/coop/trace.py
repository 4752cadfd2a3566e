"""What happened, when, to which task: the twin of common/trace.hpp.

One event per line of JSON, byte for byte what `coop run` prints: the fields
in the order of the spec (t, task, event, then text, chan and value, or tasks),
no spaces, and plain ASCII with lowercase \\u escapes (nlohmann's
dump(-1, ' ', true) and Python's json.dumps(ensure_ascii=True) agree on
these, down to escaping DEL as \\u007f).
"""
import json


class Trace:
    def __init__(self):
        self.events = []  # dicts whose keys are in the order of the spec

    def task_event(self, t, task, event):
        """start, resume, end, cancelled"""
        self.events.append({"t": t, "task": task, "event": event})

    def log(self, t, task, text):
        self.events.append({"t": t, "task": task, "event": "log", "text": text})

    def fail(self, t, task, text):
        self.events.append({"t": t, "task": task, "event": "fail", "text": text})

    def recv(self, t, task, chan, value):
        self.events.append({"t": t, "task": task, "event": "recv", "chan": chan, "value": value})

    def stalled(self, t, tasks):
        self.events.append({"t": t, "event": "stalled", "tasks": list(tasks)})

    def activations(self):
        """How many times a task got control: start and resume events."""
        return sum(e["event"] in ("start", "resume") for e in self.events)

    def to_jsonl(self):
        return "".join(event_line(e) + "\n" for e in self.events)


def event_line(event):
    return json.dumps(event, ensure_ascii=True, separators=(",", ":"))
