"""Scenarios: the twin of common/scenario.cpp, with the same checks, in the
same order, and the same messages, so that `coop-py run` rejects a file
exactly where `coop run` does.

Two things of nlohmann/json that the checks depend on are mirrored here:
an object's keys are visited in sorted order (it keeps objects in a
std::map), and a "whole number" is one that fits in 64 bits (a larger one
is a float to it; one between 2^63 and 2^64 reads back as negative).
"""
import json
import math

MAX_MILLISECONDS = 1_000_000_000_000  # about 31 years
MAX_REPEAT_DEPTH = 64  # every technique follows a repeat with a nested frame


class ScenarioError(Exception):
    """Why a scenario was rejected; str() names the file, the task, the
    operation's position and what is wrong."""


class Op:
    __slots__ = ("kind", "ms", "task", "channel", "value", "text", "count", "body", "fd")

    def __init__(self, kind):
        self.kind = kind  # "sleep", "busy", "log", "fail", "spawn", ... ,"repeat"
        self.ms = 0  # sleep, busy
        self.task = -1  # spawn, join, cancel: index into Scenario.tasks
        self.channel = -1  # send, recv: index into Scenario.channels
        self.value = 0  # send
        self.text = ""  # log, fail
        self.count = 0  # repeat
        self.body = []  # repeat
        self.fd = -1  # wait_readable, wait_writable (built in code, never in a file)


class TaskSpec:
    def __init__(self, name, starts_by_itself=True, ops=()):
        self.name = name
        self.starts_by_itself = starts_by_itself
        self.ops = list(ops)


class ChannelSpec:
    def __init__(self, name, capacity):
        self.name = name
        self.capacity = capacity


class Scenario:
    def __init__(self, source, channels, tasks):
        self.source = source
        self.channels = channels
        self.tasks = tasks


def dump(value):
    """A JSON value as nlohmann's dump() writes it: compact, UTF-8 as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def is_whole(v):
    return isinstance(v, int) and not isinstance(v, bool)


def as_int64(v):
    """What nlohmann's get<std::int64_t>() reads: 2^63 .. 2^64-1 wrap round."""
    return v - 2**64 if v >= 2**63 else v


def parse_int(text):
    v = int(text)
    return v if -(2**63) <= v < 2**64 else float(text)


def parse_float(text):
    v = float(text)
    if math.isinf(v):
        raise ValueError(f"number overflow parsing '{text}'")  # nlohmann rejects it too
    return v


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def describe(task, position, op):
    s = "task " + task
    if position:
        s += ", op " + position
        if op:
            s += " (" + op + ")"
    return s


OPERATIONS = "sleep, busy, log, spawn, join, cancel, send, recv, fail, repeat"


class Parser:
    def __init__(self, source):
        self.source = source
        self.task_index = {}
        self.channel_index = {}

    def reject(self, what, where=None):
        if where is not None:
            what = describe(*where) + ": " + what
        raise ScenarioError(self.source + ": " + what)

    def parse(self, doc):
        if not isinstance(doc, dict):
            self.reject('a scenario must be a JSON object with "tasks" (and optionally "channels")')
        for key in sorted(doc):
            if key not in ("tasks", "channels"):
                self.reject(f'unknown key {dump(key)} (expected "tasks" or "channels")')
        channels = self.parse_channels(doc["channels"]) if "channels" in doc else []
        if not isinstance(doc.get("tasks"), list):
            self.reject('"tasks" must be a list of tasks')
        # Names first, so that an operation may refer to a task defined later.
        tasks = [self.parse_task_header(t, i) for i, t in enumerate(doc["tasks"])]
        for task, raw in zip(tasks, doc["tasks"]):
            task.ops = self.parse_ops(raw["ops"], dump(task.name), "")
        return Scenario(self.source, channels, tasks)

    def parse_channels(self, channels):
        if not isinstance(channels, dict):
            self.reject('"channels" must be an object mapping each channel\'s name to its capacity')
        result = []
        for name in sorted(channels):
            capacity = channels[name]
            if not is_whole(capacity) or as_int64(capacity) < 0:
                self.reject(
                    f"channel {dump(name)}: capacity must be a whole number >= 0, "
                    f"got {dump(capacity)}"
                )
            self.channel_index[name] = len(result)
            result.append(ChannelSpec(name, capacity))
        return result

    def parse_task_header(self, task, index):
        which = f"task #{index + 1}"
        if not isinstance(task, dict):
            self.reject(which + ': a task must be an object with "name" and "ops"')
        for key in sorted(task):
            if key not in ("name", "ops", "start"):
                self.reject(
                    f'{which}: unknown key {dump(key)} (expected "name", "ops" or "start")'
                )
        name = task.get("name")
        if not isinstance(name, str) or not name:
            self.reject(which + ': "name" must be a non-empty string')
        named = f"{which} {dump(name)}"
        if name in self.task_index:
            self.reject(
                f"{named}: the name is already used by task #{self.task_index[name] + 1}; "
                "task names must be unique"
            )
        self.task_index[name] = index
        spec = TaskSpec(name)
        if "start" in task:
            if not isinstance(task["start"], bool):
                self.reject(f'{named}: "start" must be true or false, got {dump(task["start"])}')
            spec.starts_by_itself = task["start"]
        if not isinstance(task.get("ops"), list):
            self.reject(named + ': "ops" must be a list of operations')
        return spec

    def parse_ops(self, ops, task, prefix):
        return [self.parse_op(op, [task, prefix + str(i + 1), ""]) for i, op in enumerate(ops)]

    def parse_op(self, op, where):
        if not isinstance(op, list) or not op or not isinstance(op[0], str):
            self.reject(
                'an operation must be a list starting with its name, like ["sleep", 10]; got '
                + dump(op),
                where,
            )
        name = where[2] = op[0]

        def arity(n, form):
            if len(op) != n + 1:
                self.reject(f"expected {form}, got {dump(op)}", where)

        result = Op(name)
        if name in ("sleep", "busy"):
            arity(1, f'["{name}", ms]')
            result.ms = self.milliseconds(op[1], where)
        elif name in ("log", "fail"):
            arity(1, f'["{name}", text]')
            if not isinstance(op[1], str):
                self.reject("the text must be a string, got " + dump(op[1]), where)
            result.text = op[1]
        elif name in ("spawn", "join", "cancel"):
            arity(1, f'["{name}", task]')
            result.task = self.task_ref(op[1], where)
        elif name == "send":
            arity(2, '["send", channel, whole number]')
            result.channel = self.channel_ref(op[1], where)
            if not is_whole(op[2]):
                self.reject("the value sent must be a whole number, got " + dump(op[2]), where)
            result.value = as_int64(op[2])
        elif name == "recv":
            arity(1, '["recv", channel]')
            result.channel = self.channel_ref(op[1], where)
        elif name == "repeat":
            arity(2, '["repeat", count, [operations]]')
            if not is_whole(op[1]) or as_int64(op[1]) < 0:
                self.reject("the count must be a whole number >= 0, got " + dump(op[1]), where)
            result.count = op[1]
            if not isinstance(op[2], list):
                self.reject("the body must be a list of operations, got " + dump(op[2]), where)
            if where[1].count(".") + 1 > MAX_REPEAT_DEPTH:
                self.reject(f"repeats nest more than {MAX_REPEAT_DEPTH} deep", where)
            result.body = self.parse_ops(op[2], where[0], where[1] + ".")
        else:
            self.reject(f"unknown operation {dump(name)} (known: {OPERATIONS})", where)
        return result

    def milliseconds(self, v, where):
        if not is_whole(v) or as_int64(v) < 0:
            self.reject(
                "the time must be a whole number of milliseconds >= 0, got " + dump(v), where
            )
        if v > MAX_MILLISECONDS:
            self.reject(f"the time must be at most {MAX_MILLISECONDS} ms, got {dump(v)}", where)
        return v

    def task_ref(self, v, where):
        if not isinstance(v, str):
            self.reject("a task is named by a string, got " + dump(v), where)
        if v not in self.task_index:
            self.reject("no task is named " + dump(v), where)
        return self.task_index[v]

    def channel_ref(self, v, where):
        if not isinstance(v, str):
            self.reject("a channel is named by a string, got " + dump(v), where)
        if v not in self.channel_index:
            self.reject(
                f'no channel is named {dump(v)} (channels are declared in "channels")', where
            )
        return self.channel_index[v]


def check_targets(s, self_index, ops, prefix):
    """The checks that do not depend on the JSON form (validate_scenario)."""
    task = s.tasks[self_index]
    for i, op in enumerate(ops):
        where = describe(dump(task.name), prefix + str(i + 1), op.kind)

        def reject(what):
            raise ScenarioError(f"{s.source}: {where}: {what}")

        if op.kind in ("spawn", "join", "cancel"):
            if not 0 <= op.task < len(s.tasks):
                reject("refers to no task")
            if op.task == self_index:
                reject(f"a task cannot {op.kind} itself")
            if op.kind == "spawn" and s.tasks[op.task].starts_by_itself:
                reject(
                    f"{dump(s.tasks[op.task].name)} starts by itself; "
                    'only a task with "start": false can be spawned'
                )
        if op.kind in ("send", "recv") and not 0 <= op.channel < len(s.channels):
            reject("refers to no channel")
        if op.kind == "repeat":
            check_targets(s, self_index, op.body, prefix + str(i + 1) + ".")


def count_spawns(ops, multiplier, prefix, task_name, counts):
    """How often each task can be spawned (2 means "more than once"), and
    where it is spawned first."""
    for i, op in enumerate(ops):
        position = prefix + str(i + 1)
        if op.kind == "spawn":
            times, place = counts[op.task]
            if times == 0:
                place = describe(dump(task_name), position, "spawn")
            counts[op.task] = [min(times + multiplier, 2), place]
        elif op.kind == "repeat" and op.count > 0:
            times = min(multiplier * min(op.count, 2), 2)
            count_spawns(op.body, times, position + ".", task_name, counts)


def validate_scenario(s):
    for i, task in enumerate(s.tasks):
        check_targets(s, i, task.ops, "")
    counts = [[0, ""] for _ in s.tasks]
    for task in s.tasks:
        count_spawns(task.ops, 1, "", task.name, counts)
    for task, (times, place) in zip(s.tasks, counts):
        if times > 1:
            raise ScenarioError(
                f"{s.source}: {place}: {dump(task.name)} could be spawned more than once "
                "(counting every spawn of it and the repeats around them); a task runs at most once"
            )


def has_lone_surrogate(value):
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    return False


def parse_scenario(data, source):
    """`data`: the file's bytes. Python's json module words its syntax errors
    differently from nlohmann's; the message starts the same way."""
    parser = Parser(source)
    try:
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]  # nlohmann skips a byte order mark too
        doc = json.loads(
            text, parse_int=parse_int, parse_float=parse_float, parse_constant=reject_constant
        )
    except UnicodeDecodeError as err:
        parser.reject(f"not valid JSON: invalid UTF-8 at byte {err.start}")
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        parser.reject(f"not valid JSON: parse error at {where}: {err.msg}")
    except (ValueError, RecursionError) as err:
        parser.reject(f"not valid JSON: {err}")
    if has_lone_surrogate(doc):
        parser.reject("not valid JSON: a \\u escape names half of a surrogate pair")
    scenario = parser.parse(doc)
    validate_scenario(scenario)
    return scenario


def load_scenario_file(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        data = b""  # what std::ifstream reads from a directory
    except OSError:
        raise ScenarioError(path + ": cannot open the file") from None
    return parse_scenario(data, path)
