"""coop's gdb extension: `coop tasks` and pretty-printers for coop's types.

Load it by hand with `source tools/gdb/coop_gdb.py`, or let gdb load it with
the programs of a build directory (meson copies it next to them as
`<program>-gdb.py`): start gdb with
    gdb -iex "add-auto-load-safe-path $PWD/build-debug" build-debug/cli/coop

`coop tasks [RUNTIME]` lists the tasks of a runtime: name, state, what a
waiting task waits for (channels by their names), and where a suspended task
will go on, innermost frame first. Without an argument it looks for a runtime
in the frames of the current stack and in the techniques' `Runtime::current_`
variables.

A task record says what the runtime last wrote in it; `coop tasks` shows
what is true now. The task whose code is on this stack (its
`Runtime::resume` or, on a fiber's own stack, its `Runtime::run_body` is a
frame of it) is running, even at a breakpoint before the runtime has written
so. A task whose timer fired, whose file descriptor is ready or that yielded
is ready: the loop has queued it (its record still says waiting until it
runs).

It reads the runtimes' data members by name; it works best on a build with
-O0 -g (meson --buildtype=debug), where nothing is optimized away.
"""

import re

import gdb

TECHNIQUES = ("callbacks", "generators", "coroutines", "fibers")
RUNTIME_TYPE = re.compile(r"^coop::(callbacks|generators|coroutines|fibers)::Runtime$")
TASK_TYPE = re.compile(r"^coop::(callbacks|generators|coroutines|fibers)::(Task|TaskRecord)$")


# --- reading libstdc++ containers through its own pretty-printers -----------

def children(value):
    """The elements of a std container, via libstdc++'s printer."""
    printer = gdb.default_visualizer(value)
    if printer is None or not hasattr(printer, "children"):
        raise gdb.GdbError(
            "coop: libstdc++'s pretty-printers are not loaded (Debian: package "
            "libstdc++6-12-dbg or gcc's python printers); cannot read "
            + str(value.type))
    for item in printer.children():
        yield item[1]


def size_of(value):
    """How many elements a std container holds (a map's printer shows each
    element as two children: key and value)."""
    printer = gdb.default_visualizer(value)
    count = sum(1 for _ in children(value))
    hint = printer.display_hint() if hasattr(printer, "display_hint") else None
    return count // 2 if hint == "map" else count


def queue_length(value):
    """How many waiters a channel's WaiterQueue links (first_, then each
    one's next), or how many elements a std container holds."""
    try:
        waiter = value["first_"]
    except gdb.error:
        return size_of(value)
    count = 0
    while int(waiter) != 0:
        count += 1
        waiter = waiter.dereference()["next"]
    return count


def referenced(value):
    """The object a C++ reference refers to (a task's name, its runtime)."""
    if value.type.strip_typedefs().code in (gdb.TYPE_CODE_REF, gdb.TYPE_CODE_RVALUE_REF):
        return value.referenced_value()
    return value


def string_of(value):
    value = referenced(value)
    return value["_M_dataplus"]["_M_p"].string(length=int(value["_M_string_length"]))


def enum_name(value):
    """`coop::coroutines::TaskState::Waiting` -> `Waiting`."""
    return str(value).split("::")[-1]


def symbol_at(address):
    """The function containing `address`, as `info symbol` names it."""
    if int(address) == 0:
        return None
    text = gdb.execute("info symbol 0x%x" % int(address), to_string=True).strip()
    if text.startswith("No symbol"):
        return None
    return re.sub(r" in section .*$", "", re.sub(r" \+ \d+", "", text))


def function_name(symbol):
    """`ns::(anonymous namespace)::f(int) [clone .actor]` -> `ns::(anonymous namespace)::f`"""
    anonymous = "(anonymous namespace)"
    text = symbol.replace(anonymous, "\0")
    text = text.split("(", 1)[0].split(" [clone", 1)[0]
    return text.replace("\0", anonymous)


def line_at(address):
    sal = gdb.find_pc_line(int(address))
    if sal.symtab is None:
        return ""
    return "%s:%d" % (sal.symtab.filename.split("/")[-1], sal.line)


# --- where a suspended task will go on --------------------------------------

def coroutine_resume_function(handle):
    """A C++20 coroutine frame starts with the pointer to its resume function."""
    frame = handle["_M_fr_ptr"]
    if int(frame) == 0:
        return None
    resume = frame.cast(gdb.lookup_type("void").pointer().pointer()).dereference()
    name = symbol_at(resume)
    return function_name(name) if name else None


def fiber_frames(fiber_value, limit=12):
    """The functions on a suspended Boost.Context fiber's stack.

    The fiber holds the stack pointer it was suspended at. On x86-64 the
    context switch (jump_fcontext) saved the callee-saved registers there:
    rbp at offset 0x30 and the return address at 0x38. From that rbp the
    frame-pointer chain leads through the task's frames (a -O0 build keeps
    frame pointers)."""
    fctx = int(fiber_value["fctx_"])
    if fctx == 0 or gdb.lookup_type("long").sizeof != 8:
        return []
    u64 = gdb.lookup_type("unsigned long").pointer()
    read = lambda address: int(gdb.Value(address).cast(u64).dereference())
    frames = []
    try:
        pc, rbp = read(fctx + 0x38), read(fctx + 0x30)
        for _ in range(limit):
            name = symbol_at(pc)
            if name is None:
                break
            frames.append((name, line_at(pc - 1)))
            if rbp == 0:
                break
            pc, rbp = read(rbp + 8), read(rbp)
    except gdb.MemoryError:
        pass  # the chain left the stack (a frame without a frame pointer)
    return frames


def coroutine2_frames(task):
    """The functions on a suspended Boost.Coroutine2 task's stack. The loop's
    end of the coroutine (a pull_type) keeps, in its control block, the
    fiber the coroutine was suspended in: read it like a fiber."""
    engaged = list(children(task["coroutine"]))  # a std::optional: 0 or 1 element
    if not engaged:
        return []
    control_block = engaged[0]["cb_"]
    if int(control_block) == 0:
        return []
    return fiber_frames(control_block.dereference()["c"])


def own_stack(frames):
    """A fiber's frames, innermost first, as one line."""
    frames = [f for f in frames if f[0].startswith("coop::")]
    if not frames:
        return "on its own stack"
    return "on its own stack (innermost first): " + " <- ".join(
        "%s (%s)" % (function_name(name), where) if where else function_name(name)
        for name, where in frames[:4])


def where_suspended(technique, task):
    state = enum_name(task["state"])
    if state not in ("Scheduled", "Waiting", "Ready"):
        return ""  # running: its frames are the debugger's own backtrace
    if technique == "coroutines":
        name = coroutine_resume_function(task["resume_point"])
        return "resumes in " + name if name else ""
    if technique == "generators":
        if not int(task["body"]["frame_"]["_M_fr_ptr"]):
            return ""
        # The body, then what it delegated to; the back of the vector is the
        # innermost generator: list it first.
        stack = [task["body"]] + list(children(task["delegated"]))
        names = [coroutine_resume_function(g["frame_"]) or "?" for g in reversed(stack)]
        return "generators (innermost first): " + " <- ".join(names)
    if technique == "callbacks":
        # A std::optional<std::function>: its payload, if it holds one.
        saved = task["continuation"]["_M_payload"]
        if not saved["_M_engaged"]:
            return ""
        invoker = saved["_M_payload"]["_M_value"]["_M_invoker"]
        name = symbol_at(invoker)
        if not name:
            return ""
        # std::_Function_handler<void (Wakeup const&), LAMBDA>::_M_invoke: keep LAMBDA
        match = re.search(r"_Function_handler<[^,]*,\s*(.*)>::_M_invoke", name)
        return "continuation: " + (match.group(1) if match else name)
    if technique == "fibers":
        if state == "Scheduled":
            return ""  # its stack is made when it first runs
        if enum_name(task["backend"]) == "Coroutine2":
            return own_stack(coroutine2_frames(task))
        return own_stack(fiber_frames(task["fiber"]))
    return ""


# --- the loop's timers ---------------------------------------------------------

# coop's Time and Duration count microseconds (common/clock.hpp).
MICROSECONDS_PER_MS = 1000.0


def timer_entries(loop):
    """Every entry of the loop's timer queue (common/timer_queue.hpp), in no
    particular order: those in its buckets (a std::array of vectors), then
    those before its floor."""
    queue = loop["timers_"]
    buckets = queue["buckets_"]["_M_elems"]
    first, last = buckets.type.strip_typedefs().range()
    for i in range(first, last + 1):
        yield from children(buckets[i])
    yield from children(queue["before_floor_"])


def timer_deadline(task):
    """When the timer of a task that waits for one (waiting_for == Timer) is
    due, in the clock's unit (MICROSECONDS_PER_MS to a millisecond); None if
    it is no longer scheduled (it fired, and
    the task waits in the ready queue).

    `timer` is a member of the record's union of what a task waits on, so
    it means something only while waiting_for says Timer. A TimerId names a
    slot of the loop's timer_slots_ and which use of that slot it was (the
    generation): the slot is reused once the timer fires or is cancelled. The
    deadline is in the timer queue's entry for that slot."""
    timer = task["timer"]
    loop = referenced(referenced(task["runtime"])["loop_"])
    slots = list(children(loop["timer_slots_"]))
    index = int(timer["slot"])
    if index >= len(slots):
        return None
    slot = slots[index]
    if int(slot["generation"]) != int(timer["generation"]) or int(slot["runnable"]) == 0:
        return None  # fired or cancelled: the slot is free or holds a newer timer
    for entry in timer_entries(loop):
        if int(entry["slot"]) == index:
            return int(entry["deadline"]["__r"])
    return None


def fd_still_watched(task):
    """Whether the fd watcher of a task that waits for one (waiting_for ==
    Fd) is still in the loop's list: a watcher leaves it when its fd is
    ready, and the loop queues the task."""
    loop = referenced(referenced(task["runtime"])["loop_"])
    watch = int(task["watch"]["id"])
    return any(int(w["id"]["id"]) == watch for w in children(loop["watchers_"]))


# --- what is true now ------------------------------------------------------

def tasks_on_this_stack():
    """The tasks whose code is on the current thread's stack, as {address of
    the record: the frame that says so}. The loop runs a task through its
    runtime's `Runtime::resume (task)`; a fiber's own stack starts in
    `Runtime::run_body (task)`."""
    found = {}
    frame = gdb.newest_frame()
    while frame is not None:
        name = function_name(frame.name() or "")
        match = re.match(r"^coop::\w+::Runtime::(resume|run_body)$", name)
        if match:
            try:
                task = referenced(frame.read_var("task"))
                found.setdefault(int(task.address), match.group(1))
            except (gdb.error, ValueError):
                pass  # no debug information for this frame
        frame = frame.older()
    return found


def why_queued(task):
    """Why the loop has queued a task whose record says Waiting (it says so
    until the task runs): its timer fired, its fd is ready, or it yielded
    (it waits for its turn in the ready queue). None if it really waits."""
    what = enum_name(task["waiting_for"])
    if what == "Timer" and timer_deadline(task) is None:
        return "its timer fired"
    if what == "Fd" and not fd_still_watched(task):
        return "its fd is ready"
    if what == "Ready":
        return "it yielded"
    return None


# --- describing tasks --------------------------------------------------------

def channel_name(channel):
    """The name the program gave a channel (ChannelCore's name_, a scenario's
    channel name), else its address. `channel` is a ChannelBase*: its
    dynamic type (the technique's Channel) holds the name."""
    try:
        name = string_of(channel.dereference().cast(channel.dynamic_type.target())["name_"])
    except gdb.error:
        name = ""
    return name or "0x%x" % int(channel)


def what_it_waits_for(task):
    """What a task whose record says Waiting waits for."""
    what = enum_name(task["waiting_for"])
    if what == "Timer":
        deadline = timer_deadline(task)
        if deadline is not None:
            return "sleeping until t=%g ms" % (deadline / MICROSECONDS_PER_MS)
        return "sleeping"
    if what == "Ready":
        return "its turn (it yielded)"
    if what == "Join":
        joined = task["joined"]
        if int(joined) != 0:
            return "waiting to join %s" % task_name(joined.dereference())
        return "waiting to join"
    if what in ("Send", "Recv"):
        return "waiting to %s on channel %s" % (
            "send" if what == "Send" else "receive", channel_name(task["channel"]))
    if what == "Fd":
        return "waiting for a file descriptor"
    return "waiting"


def state_now(task, on_this_stack):
    """The task's state as true now, and what to say after it."""
    state = enum_name(task["state"])
    frame = on_this_stack.get(int(task.address))
    if frame is not None:
        # Its code is on this stack, whatever the record says yet.
        if state == "Waiting" and frame == "run_body":
            return "running", "suspending: about to wait, " + what_it_waits_for(task)
        if state != "Running":
            return "running", "being resumed"  # in Runtime::resume, before it says so
        return "running", ""
    if state == "Waiting":
        why = why_queued(task)
        return ("ready", "queued: " + why) if why else ("waiting", what_it_waits_for(task))
    if state == "Ready":
        return "ready", "queued: woken"
    if state == "Done":
        return "done", enum_name(task["ending"]).lower()
    return ("not spawned" if state == "NotSpawned" else state.lower()), ""


def describe_task(technique, task, on_this_stack):
    state, detail = state_now(task, on_this_stack)
    line = "%-12s %-11s %s" % (task_name(task), state, detail)
    # Where a suspended task goes on (a running one's frames: the backtrace;
    # one being resumed has not left its suspension point yet).
    if state == "running" and detail != "being resumed":
        return line.rstrip(), ""
    where = where_suspended(technique, task)
    return line.rstrip(), where


def technique_of(value):
    match = RUNTIME_TYPE.match(str(value.type.strip_typedefs().unqualified()))
    return match.group(1) if match else None


def tasks_of(runtime):
    # A std::deque of task records, in creation order. A record on the free
    # list (its task finished and no handle refers to it) has no name.
    for task in children(runtime["records_"]):
        if int(task["name_"]) != 0:
            yield task


def task_name(task):
    """A record's name: it points at an entry of the runtime's TaskNames."""
    return string_of(task["name_"].dereference()["first"])


# --- finding a runtime -------------------------------------------------------

def as_runtime(value):
    """value, *value or value.runtime_ if one of them is a Runtime."""
    candidates = [value]
    try:
        if value.type.strip_typedefs().code in (gdb.TYPE_CODE_PTR, gdb.TYPE_CODE_REF):
            if value.type.strip_typedefs().code == gdb.TYPE_CODE_PTR and int(value) == 0:
                return None
            candidates.append(value.dereference())
    except gdb.error:
        return None
    for v in list(candidates):
        try:
            if v.type.strip_typedefs().code == gdb.TYPE_CODE_STRUCT:
                for field in v.type.strip_typedefs().fields():
                    if field.name in ("runtime_", "rt_"):
                        candidates.append(v[field.name])
        except gdb.error:
            pass
    for v in candidates:
        try:
            if technique_of(v):
                return v
        except gdb.error:
            continue
    return None


def is_runtime_of_its_tasks(runtime):
    """Whether `runtime` looks like a live Runtime: its first task record (if
    any) points back to it. A pointer read from a variable that is not
    initialized yet points at anything."""
    try:
        first = next(iter(tasks_of(runtime)), None)
        return first is None or int(referenced(first["runtime"]).address) == int(runtime.address)
    except (gdb.error, gdb.MemoryError, RuntimeError):
        return False


def find_runtimes():
    found = []
    seen = set()

    def add(runtime):
        address = int(runtime.address) if runtime.address is not None else id(runtime)
        if address not in seen and is_runtime_of_its_tasks(runtime):
            seen.add(address)
            found.append(runtime)

    frame = gdb.selected_frame()
    while frame is not None:
        try:
            block = frame.block()
        except RuntimeError:
            block = None
        line = frame.find_sal().line
        while block is not None:
            for symbol in block:
                if symbol.is_variable and not symbol.is_argument and symbol.line >= line:
                    continue  # declared at or after the line the frame is at: not set yet
                if symbol.is_variable or symbol.is_argument:
                    try:
                        runtime = as_runtime(symbol.value(frame))
                    except (gdb.error, RuntimeError):
                        runtime = None
                    if runtime is not None:
                        add(runtime)
            if block.function is not None:
                break
            block = block.superblock
        frame = frame.older()
    for technique in TECHNIQUES:
        # The runtime whose task is running (callbacks has none: its tasks
        # are not running between two calls).
        try:
            runtime = as_runtime(gdb.parse_and_eval("coop::%s::Runtime::current_" % technique))
        except gdb.error:
            continue
        if runtime is not None:
            add(runtime)
    return found


class CoopTasks(gdb.Command):
    """List the tasks of coop runtimes: coop tasks [RUNTIME-EXPRESSION]

Each task with its state (scheduled, running, waiting, ready, done), what it
waits for (a timer and its deadline, a join, a channel, a file descriptor)
and where it will go on: the coroutine it resumes in (coroutines), its stack
of generators (generators), its saved continuation (callbacks), the frames on
its own stack (fibers). Without an argument, every runtime found in the
current stack's frames or in the techniques' Runtime::current_."""

    def __init__(self):
        super().__init__("coop tasks", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        if argument.strip():
            runtime = as_runtime(gdb.parse_and_eval(argument))
            if runtime is None:
                raise gdb.GdbError("coop tasks: %s is not a coop Runtime" % argument)
            runtimes = [runtime]
        else:
            runtimes = find_runtimes()
            if not runtimes:
                raise gdb.GdbError(
                    "coop tasks: no runtime in sight; name one: coop tasks EXPRESSION")
        for runtime in runtimes:
            technique = technique_of(runtime)
            tasks = list(tasks_of(runtime))
            on_this_stack = tasks_on_this_stack()
            gdb.write("%s runtime at 0x%x: %d task%s\n" % (
                technique, int(runtime.address), len(tasks), "" if len(tasks) == 1 else "s"))
            for task in tasks:
                line, where = describe_task(technique, task, on_this_stack)
                gdb.write("  " + line + "\n")
                if where:
                    gdb.write("      " + where + "\n")


class CoopPrefix(gdb.Command):
    """coop's gdb commands: coop tasks."""

    def __init__(self):
        super().__init__("coop", gdb.COMMAND_DATA, prefix=True)


# --- pretty-printers ---------------------------------------------------------

class TaskPrinter:
    def __init__(self, technique, value):
        self.technique, self.value = technique, value

    def to_string(self):
        line, where = describe_task(self.technique, self.value, tasks_on_this_stack())
        return "%s task %s%s" % (self.technique, " ".join(line.split()),
                                 "; " + where if where else "")


class RuntimePrinter:
    def __init__(self, technique, value):
        self.technique, self.value = technique, value

    def to_string(self):
        tasks = list(tasks_of(self.value))
        on_this_stack = tasks_on_this_stack()
        states = [state_now(t, on_this_stack)[0] for t in tasks]
        waiting, done = states.count("waiting"), states.count("done")
        return "%s runtime: %d tasks, %d waiting, %d done (coop tasks lists them)" % (
            self.technique, len(tasks), waiting, done)


class LoopPrinter:
    def __init__(self, value):
        self.value = value

    def to_string(self):
        clock = self.value["clock_"]
        kind = enum_name(clock["kind_"])
        now = ("t=%g ms" % (int(clock["virtual_now_"]["__r"]) / MICROSECONDS_PER_MS)
               if kind == "Virtual" else "real clock")
        # Runnables (tasks and pooled callbacks) that wait for the next
        # iteration: during step 4 the queue starts with the batch being run.
        ready = size_of(self.value["ready_"]) - int(self.value["batch_end_"])
        # The heap also keeps cancelled entries until they reach its top
        # (lazy cancellation): the loop counts the live ones.
        timers = int(self.value["live_timers_"])
        watchers = size_of(self.value["watchers_"])
        return "coop::Loop (%s, %s): %d ready, %d timers, %d fd watchers" % (
            kind.lower(), now, ready, timers, watchers)


class ChannelPrinter:
    def __init__(self, value):
        self.value = value

    def to_string(self):
        # The fields are in the channel's base, common/channel_core.hpp.
        parts = []
        for name in ("capacity_", "buffer_", "senders_", "receivers_"):
            try:
                field = self.value[name]
            except gdb.error:
                continue
            if field.type.strip_typedefs().code == gdb.TYPE_CODE_INT:
                parts.append("%s %d" % (name.rstrip("_"), int(field)))
            else:
                try:
                    parts.append("%d %s" % (queue_length(field), name.rstrip("_")))
                except gdb.GdbError:
                    pass
        try:
            name = string_of(self.value["name_"])
        except gdb.error:
            name = ""
        return "channel%s: %s" % (" " + name if name else "", ", ".join(parts))


def lookup(value):
    type_ = value.type.strip_typedefs().unqualified()
    if type_.code != gdb.TYPE_CODE_STRUCT or type_.tag is None:
        return None
    tag = type_.tag
    match = TASK_TYPE.match(tag)
    if match:
        return TaskPrinter(match.group(1), value)
    match = RUNTIME_TYPE.match(tag)
    if match:
        return RuntimePrinter(match.group(1), value)
    if tag == "coop::Loop":
        return LoopPrinter(value)
    if re.match(r"^coop::(callbacks|generators|coroutines|fibers)::(Channel|ChannelBase)(<.*>)?$", tag):
        return ChannelPrinter(value)
    return None


def register(objfile=None):
    target = objfile if objfile is not None else gdb
    if lookup not in target.pretty_printers:
        target.pretty_printers.append(lookup)


CoopPrefix()
CoopTasks()
register(gdb.current_objfile())
