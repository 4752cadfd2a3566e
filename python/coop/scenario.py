"""Scenarios: the twin of common/scenario.cpp, with the same checks, in the
same order, and the same messages, so that `coop-py run` rejects a file
exactly where `coop run` does.

Two things of nlohmann/json that the checks depend on are mirrored here:
an object's keys are visited in sorted order (it keeps objects in a
std::map), and a number written without a fraction or an exponent is a
whole number when it fits in 64 bits (a larger one is a float to it).
"""
import errno
import json
import math
import os
import re

from .text import excerpt

# The limits of docs/semantics.md, section "Limits": whatever a file holds,
# it is refused with a clear message before anything runs, rather than crash,
# hang or exhaust the machine. Each closes one way to do that.

# A larger file is refused before it is read (and /dev/zero stops there).
MAX_FILE_BYTES = 64 * 1024 * 1024

# How deeply repeats may nest: every technique follows the nesting with a
# nested call or frame, so the depth must be bounded.
MAX_REPEAT_DEPTH = 64

# How deeply JSON arrays and objects may nest anywhere in the file: enough
# for repeats nested MAX_REPEAT_DEPTH deep (two levels each, inside the
# scenario's own four), and no deeper, so that nothing that walks a value
# recursively (json.loads, printing it in a message) runs out of stack.
MAX_JSON_DEPTH = 2 * MAX_REPEAT_DEPTH + 8

# Whole numbers are those of a signed 64-bit integer, as in C++, where a
# larger one would wrap round (2^64 - 1 would be received as -1).
MIN_WHOLE, MAX_WHOLE = -(2**63), 2**63 - 1

# The whole run's time and work, counted before it starts (scenario_cost):
# the C++ virtual clock (microseconds in 64 bits) holds 10^15 ms with room to
# spare, and 10^8 operations keep every run finite and its trace in memory.
MAX_TOTAL_MILLISECONDS = 10**15
MAX_OPERATIONS = 10**8

# Two limits are not numbers: a task or channel name may hold no control
# character (Parser.check_name), and a message quotes at most 80 characters
# of a value, control characters escaped (quote_json, text.excerpt).


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


def quote_json(value):
    """A value in a message: as JSON, control characters escaped, at most
    80 characters of it."""
    return excerpt(dump(value))


def whole_number(v):
    """v if it is a whole number in the signed 64-bit range, else None: a
    fraction, a string, or a number too large."""
    if isinstance(v, int) and not isinstance(v, bool) and MIN_WHOLE <= v <= MAX_WHOLE:
        return v
    return None


def parse_int(text):
    """nlohmann reads a whole number into 64 bits, signed or unsigned, or
    else as a float."""
    v = int(text)
    return v if MIN_WHOLE <= v < 2**64 else float(text)


def parse_float(text):
    v = float(text)
    if math.isinf(v):
        raise ValueError(f"number overflow parsing '{excerpt(text)}'")  # nlohmann rejects it too
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
                self.reject(f'unknown key {quote_json(key)} (expected "tasks" or "channels")')
        channels = self.parse_channels(doc["channels"]) if "channels" in doc else []
        if not isinstance(doc.get("tasks"), list):
            self.reject('"tasks" must be a list of tasks')
        # Names first, so that an operation may refer to a task defined later.
        tasks = [self.parse_task_header(t, i) for i, t in enumerate(doc["tasks"])]
        for task, raw in zip(tasks, doc["tasks"]):
            task.ops = self.parse_ops(raw["ops"], quote_json(task.name), "")
        return Scenario(self.source, channels, tasks)

    def parse_channels(self, channels):
        if not isinstance(channels, dict):
            self.reject('"channels" must be an object mapping each channel\'s name to its capacity')
        result = []
        for name in sorted(channels):
            capacity = channels[name]
            self.check_name(name, "channel " + quote_json(name))
            if whole_number(capacity) is None or capacity < 0:
                self.reject(
                    f"channel {quote_json(name)}: capacity must be a whole number >= 0, "
                    f"got {quote_json(capacity)}"
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
                    f'{which}: unknown key {quote_json(key)} (expected "name", "ops" or "start")'
                )
        name = task.get("name")
        if not isinstance(name, str) or not name:
            self.reject(which + ': "name" must be a non-empty string')
        named = f"{which} {quote_json(name)}"
        self.check_name(name, named)
        if name in self.task_index:
            self.reject(
                f"{named}: the name is already used by task #{self.task_index[name] + 1}; "
                "task names must be unique"
            )
        self.task_index[name] = index
        spec = TaskSpec(name)
        if "start" in task:
            if not isinstance(task["start"], bool):
                self.reject(
                    f'{named}: "start" must be true or false, got {quote_json(task["start"])}'
                )
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
                + quote_json(op),
                where,
            )
        name = op[0]
        where[2] = excerpt(name)

        def arity(n, form):
            if len(op) != n + 1:
                self.reject(f"expected {form}, got {quote_json(op)}", where)

        result = Op(name)
        if name in ("sleep", "busy"):
            arity(1, f'["{name}", ms]')
            result.ms = self.milliseconds(op[1], where)
        elif name in ("log", "fail"):
            arity(1, f'["{name}", text]')
            if not isinstance(op[1], str):
                self.reject("the text must be a string, got " + quote_json(op[1]), where)
            result.text = op[1]
        elif name in ("spawn", "join", "cancel"):
            arity(1, f'["{name}", task]')
            result.task = self.task_ref(op[1], where)
        elif name == "send":
            arity(2, '["send", channel, whole number]')
            result.channel = self.channel_ref(op[1], where)
            if whole_number(op[2]) is None:
                self.reject(
                    "the value sent must be a whole number from -2^63 to 2^63 - 1, got "
                    + quote_json(op[2]),
                    where,
                )
            result.value = op[2]
        elif name == "recv":
            arity(1, '["recv", channel]')
            result.channel = self.channel_ref(op[1], where)
        elif name == "repeat":
            arity(2, '["repeat", count, [operations]]')
            if whole_number(op[1]) is None or op[1] < 0:
                self.reject("the count must be a whole number >= 0, got " + quote_json(op[1]), where)
            result.count = op[1]
            if not isinstance(op[2], list):
                self.reject("the body must be a list of operations, got " + quote_json(op[2]), where)
            if where[1].count(".") + 1 > MAX_REPEAT_DEPTH:
                self.reject(f"repeats nest more than {MAX_REPEAT_DEPTH} deep", where)
            result.body = self.parse_ops(op[2], where[0], where[1] + ".")
        else:
            self.reject(f"unknown operation {quote_json(name)} (known: {OPERATIONS})", where)
        return result

    def milliseconds(self, v, where):
        if whole_number(v) is None or v < 0:
            self.reject(
                "the time must be a whole number of milliseconds >= 0, got " + quote_json(v), where
            )
        if v > MAX_TOTAL_MILLISECONDS:
            self.reject("the time must be at most 10^15 ms, got " + quote_json(v), where)
        return v

    def check_name(self, name, what):
        """Names reach the terminal as they are (a --timeline row, a column
        of `coop compare`): one that could move the cursor or clear the
        screen is refused here, once, rather than escaped everywhere."""
        if any(c < " " or c == "\x7f" for c in name):
            self.reject(what + ": a name may not hold control characters")

    def task_ref(self, v, where):
        if not isinstance(v, str):
            self.reject("a task is named by a string, got " + quote_json(v), where)
        if v not in self.task_index:
            self.reject("no task is named " + quote_json(v), where)
        return self.task_index[v]

    def channel_ref(self, v, where):
        if not isinstance(v, str):
            self.reject("a channel is named by a string, got " + quote_json(v), where)
        if v not in self.channel_index:
            self.reject(
                f'no channel is named {quote_json(v)} (channels are declared in "channels")', where
            )
        return self.channel_index[v]


def check_targets(s, self_index, ops, prefix):
    """The checks that do not depend on the JSON form (validate_scenario)."""
    task = s.tasks[self_index]
    for i, op in enumerate(ops):
        where = describe(quote_json(task.name), prefix + str(i + 1), op.kind)

        def reject(what):
            raise ScenarioError(f"{s.source}: {where}: {what}")

        if op.kind in ("spawn", "join", "cancel"):
            if not 0 <= op.task < len(s.tasks):
                reject("refers to no task")
            if op.task == self_index:
                reject(f"a task cannot {op.kind} itself")
            if op.kind == "spawn" and s.tasks[op.task].starts_by_itself:
                reject(
                    f"{quote_json(s.tasks[op.task].name)} starts by itself; "
                    'only a task with "start": false can be spawned'
                )
        if op.kind in ("send", "recv") and not 0 <= op.channel < len(s.channels):
            reject("refers to no channel")
        if op.kind in ("sleep", "busy") and op.ms < 0:
            reject("the time must be >= 0")
        if op.kind == "repeat":
            if op.count < 0:
                reject("the count must be >= 0")
            check_targets(s, self_index, op.body, prefix + str(i + 1) + ".")


def count_spawns(ops, multiplier, prefix, task_name, counts):
    """How often each task can be spawned (2 means "more than once"), and
    where it is spawned first."""
    for i, op in enumerate(ops):
        position = prefix + str(i + 1)
        if op.kind == "spawn":
            times, place = counts[op.task]
            if times == 0:
                place = describe(quote_json(task_name), position, "spawn")
            counts[op.task] = [min(times + multiplier, 2), place]
        elif op.kind == "repeat" and op.count > 0:
            times = min(multiplier * min(op.count, 2), 2)
            count_spawns(op.body, times, position + ".", task_name, counts)


class ScenarioCost:
    """What a run can cost at most (scenario_cost): its sleeps and busy work
    added up, and its operations, each counted as often as the repeats
    around it run it, and each pass of a repeat once. Each count stops just
    past its limit, as the C++ one must to stay in 64 bits; a repeat's passes
    stop there too, so that both programs count the same."""

    def __init__(self):
        self.milliseconds = 0
        self.operations = 0


def add_capped(a, b, times, cap):
    """a + b * times, or cap + 1 if that is more than cap."""
    return min(a + b * times, cap + 1)


def add_cost(ops, multiplier, cost):
    for op in ops:
        cost.operations = add_capped(cost.operations, 1, multiplier, MAX_OPERATIONS)
        if op.kind in ("sleep", "busy"):
            cost.milliseconds = add_capped(
                cost.milliseconds, op.ms, multiplier, MAX_TOTAL_MILLISECONDS
            )
        elif op.kind == "repeat" and op.count > 0:
            passes = add_capped(0, multiplier, op.count, MAX_OPERATIONS)
            cost.operations = add_capped(cost.operations, 1, passes, MAX_OPERATIONS)
            add_cost(op.body, passes, cost)


def scenario_cost(s):
    cost = ScenarioCost()
    for task in s.tasks:
        add_cost(task.ops, 1, cost)
    return cost


def check_cost(s):
    cost = scenario_cost(s)
    if cost.milliseconds > MAX_TOTAL_MILLISECONDS:
        raise ScenarioError(
            f"{s.source}: the sleeps and busy work could add up to more than 10^15 ms "
            "(counting each as often as the repeats around it run it); the virtual clock "
            "stops there"
        )
    if cost.operations > MAX_OPERATIONS:
        raise ScenarioError(
            f"{s.source}: the scenario could run more than 10^8 operations (counting each as "
            "often as the repeats around it run it, and each pass of a repeat)"
        )


def validate_scenario(s):
    for i, task in enumerate(s.tasks):
        check_targets(s, i, task.ops, "")
    counts = [[0, ""] for _ in s.tasks]
    for task in s.tasks:
        count_spawns(task.ops, 1, "", task.name, counts)
    for task, (times, place) in zip(s.tasks, counts):
        if times > 1:
            raise ScenarioError(
                f"{s.source}: {place}: {quote_json(task.name)} could be spawned more than once "
                "(counting every spawn of it and the repeats around them); a task runs at most once"
            )
    check_cost(s)


def has_lone_surrogate(value):
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    return False


# What the reader of nesting and keys stops at: a bracket, a comma, a string.
STRUCTURE = re.compile(r'[\[\]{},"]')


def first_nesting_or_key_problem(text):
    """(offset, message) of the first place in the text where arrays and
    objects nest more than MAX_JSON_DEPTH deep or an object has the same key
    twice, or None. nlohmann's reader finds both as it reads, before the
    value is built, and so before any syntax error further on; Python's
    json module would build the deep value first (and recurse), and keep the
    last of two keys without a word. This reader knows only brackets, commas
    and strings: it leaves the rest of the syntax to json.loads."""
    open_objects = []  # for each open array or object: None, or the keys seen
    expecting_key = False
    previous, after_previous = "", 0  # the last bracket, comma or string, and where it ended
    i = 0
    while (found := STRUCTURE.search(text, i)) is not None:
        i = found.start()
        c = text[i]
        if c in "[{":
            if len(open_objects) == MAX_JSON_DEPTH:
                return i, f"arrays and objects nest more than {MAX_JSON_DEPTH} deep"
            open_objects.append(set() if c == "{" else None)
            expecting_key = c == "{"
        elif c in "]}":
            if not open_objects:
                return None  # a syntax error comes first: json.loads says which
            open_objects.pop()
            expecting_key = False
        elif c == ",":
            if not open_objects or (previous in "[{," and not text[after_previous:i].strip()):
                return None  # a comma after no value (and a flood of them stops here)
            expecting_key = open_objects[-1] is not None
        else:  # a string
            try:
                string, end = json.decoder.scanstring(text, i + 1)
            except json.JSONDecodeError:
                return None
            if expecting_key:
                if string in open_objects[-1]:
                    return i, f"the key {quote_json(string)} appears twice in the same object"
                open_objects[-1].add(string)
                expecting_key = False
            i = end - 1
        previous, after_previous = c, i + 1
        i += 1
    return None


def parse_scenario(data, source):
    """`data`: the file's bytes. Python's json module words its syntax errors
    differently from nlohmann's; the message starts the same way."""
    parser = Parser(source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        parser.reject(f"not valid JSON: invalid UTF-8 at byte {err.start}")
    if text.startswith("\ufeff"):
        text = text[1:]  # nlohmann skips a byte order mark too
    # Read up to the first problem of nesting or keys, if there is one: a
    # syntax error before it is what nlohmann reports.
    problem = first_nesting_or_key_problem(text)
    readable = text if problem is None else text[: problem[0]]
    try:
        doc = json.loads(
            readable, parse_int=parse_int, parse_float=parse_float, parse_constant=reject_constant
        )
    except json.JSONDecodeError as err:
        if problem is None or err.pos < problem[0]:
            where = f"line {err.lineno}, column {err.colno}"
            parser.reject(f"not valid JSON: parse error at {where}: {err.msg}")
    except ValueError as err:
        parser.reject(f"not valid JSON: {err}")
    if problem is not None:
        parser.reject(problem[1])
    if has_lone_surrogate(doc):
        parser.reject("not valid JSON: a \\u escape names half of a surrogate pair")
    scenario = parser.parse(doc)
    validate_scenario(scenario)
    return scenario


def read_scenario_bytes(path):
    """The file's bytes, at most MAX_FILE_BYTES of them, or a ScenarioError
    with the system's reason. Read in pieces, never by asking for the file's
    size first: /dev/zero and pipes have none."""
    name = excerpt(path)

    def refuse(what):
        raise ScenarioError(f"{name}: {what}")

    try:
        f = open(path, "rb", buffering=0)
    except IsADirectoryError:
        refuse("cannot read the file: " + os.strerror(errno.EISDIR))
    except OSError as err:
        refuse("cannot open the file: " + os.strerror(err.errno))
    with f:
        pieces, size = [], 0
        while True:
            try:
                piece = f.read(64 * 1024)
            except OSError as err:
                refuse("cannot read the file: " + os.strerror(err.errno))
            if not piece:
                break
            size += len(piece)
            if size > MAX_FILE_BYTES:
                refuse("the file is larger than 64 MiB, the most a scenario may be")
            pieces.append(piece)
    data = b"".join(pieces)
    if not data:
        refuse('the file is empty (a scenario is a JSON object with "tasks")')
    nul = data.find(b"\0")
    if nul >= 0:
        refuse(
            f"a NUL byte at offset {nul}: this is not a text file "
            '(a scenario is a JSON object with "tasks")'
        )
    return data


def load_scenario_file(path):
    return parse_scenario(read_scenario_bytes(path), excerpt(path))
