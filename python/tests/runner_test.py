"""coop-py run against coop run, from the outside: the same bytes on
standard output, the same exit status and the same rejection messages, for
every public scenario, every invalid one, and a few hundred files made by
changing one value of those; bad arguments; a missing greenlet module.

usage: runner_test.py COOP_BINARY SCENARIO_DIR"""
import json
import os
import random
import subprocess
import sys
import tempfile

import support
from support import PYTHON_DIR, Checks, coop, coop_py, invalid_scenarios, message, public_scenarios

from coop import techniques

coop_exe, scenario_dir = sys.argv[1], sys.argv[2]
checks = Checks("coop-py run against coop run")
launcher = os.path.join(PYTHON_DIR, "coop-py")


def same_run(path, *options):
    return support.same_run(checks, coop_exe, path, *options)


# Every public scenario, in every technique at once and in each alone.
for path in public_scenarios(scenario_dir):
    same_run(path)
    for name in techniques.NAMES:
        status, out, _ = coop_py("run", "--technique", name, path)
        want = coop(coop_exe, "run", path)
        checks.check((status, out) == want[:2], f"run --technique {name} {os.path.basename(path)}")

# Every invalid scenario: exit 2, nothing on standard output, coop's message.
for path in invalid_scenarios(scenario_dir):
    same_run(path)


# Files made from those by changing one value: a differential test of the
# loader (and of the runs, when the change leaves the scenario valid).
def positions(doc, at=()):
    yield at
    if isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from positions(v, at + (i,))
    elif isinstance(doc, dict):
        for k, v in doc.items():
            yield from positions(v, at + (k,))


def replaced(doc, at, value):
    if not at:
        return value
    copy = json.loads(json.dumps(doc))
    parent = copy
    for key in at[:-1]:
        parent = parent[key]
    parent[at[-1]] = value
    return copy


REPLACEMENTS = [-1, 0, 2, 1.5, "x", "t0", "", "e\x1b[2J", [], {}, True, None, 2**63 - 1, 2**63,
                2**64 + 5, 10**15, 10**15 + 1,
                ["sleep", 1], ["spawn", "a"], ["repeat", 2, [["log", "r"]]], {"name": "n", "ops": []}]
rng = random.Random(19)
sources = [p for p in public_scenarios(scenario_dir) + invalid_scenarios(scenario_dir)
           if not p.endswith("not-json.json") and "chess" not in p]
with tempfile.TemporaryDirectory() as scratch:
    made = 0
    for path in sources:
        with open(path) as f:
            doc = json.load(f)
        places = list(positions(doc))
        for n in range(12):
            changed = replaced(doc, rng.choice(places), rng.choice(REPLACEMENTS))
            made += 1
            mutant = os.path.join(scratch, f"{made:03d}-{os.path.basename(path)}")
            with open(mutant, "w") as f:
                json.dump(changed, f, ensure_ascii=False)
            same_run(mutant)
    # A few the changes above cannot make.
    extra = {
        "deep-repeat.json": {"tasks": [{"name": "a", "ops": [["repeat", 1, []]]}]},
        "spawn-in-repeat.json": {"tasks": [{"name": "a", "ops": [["repeat", 2, [["spawn", "b"]]]]},
                                           {"name": "b", "start": False, "ops": []}]},
        "two-spawns.json": {"tasks": [{"name": "a", "ops": [["spawn", "b"]]},
                                      {"name": "c", "ops": [["spawn", "b"]]},
                                      {"name": "b", "start": False, "ops": []}]},
        "not-object.json": [1, 2],
        "no-tasks.json": {"channels": {}},
        "bad-key.json": {"tasks": [], "zeta": 1, "alpha": 2},
        "unicode.json": {"tasks": [{"name": "ünï\u0085code\U0001F600", "ops": [["log", "♛\t\u0001"]]}]},
        "delete.json": {"tasks": [{"name": "ünï\u007fcode\U0001F600", "ops": [["log", "♛\t\u0001"]]}]},
    }
    deep = extra["deep-repeat.json"]["tasks"][0]["ops"]
    for _ in range(65):
        deep = deep[0][2]
        deep.append(["repeat", 1, []])
    for name, doc in extra.items():
        path = os.path.join(scratch, name)
        with open(path, "w") as f:
            json.dump(doc, f, ensure_ascii=False)
        same_run(path)
    for name, text in {"empty.json": b"", "trailing.json": b'{"tasks": []} x', "nan.json":
                       b'{"tasks": [{"name": "a", "ops": [["sleep", NaN]]}]}',
                       "latin1.json": b'{"tasks": [{"name": "\xe9", "ops": []}]}',
                       "overflow.json": b'{"tasks": [5e555]}', "bom.json": b'\xef\xbb\xbf{"tasks": []}',
                       "int-overflow.json": b'{"tasks": [{"name": "a", "ops": [["sleep", 1e400]]}]}'}.items():
        path = os.path.join(scratch, name)
        with open(path, "wb") as f:
            f.write(text)
        same_run(path)
    same_run(scratch)  # a directory
    same_run(os.path.join(scratch, "no-such-file.json"))

# Bad arguments: coop's status, a message, nothing on standard output.
any_file = os.path.join(scenario_dir, "timer-ties.json")
for args in ([], ["fly"], ["run"], ["run", "--technique"], ["run", "--technique", "nope", any_file],
             ["run", "--clock", "sideways", any_file], ["run", "--frobnicate", any_file],
             ["run", "a.json", "b.json"], ["run", "--clock", "real", any_file]):
    want = coop(coop_exe, *args)
    got = coop_py(*args)
    checks.check(got[0] == want[0], f"coop-py {' '.join(args)}: exit {got[0]}, coop exits {want[0]}")
    checks.check(got[1] == "" and got[2].strip() and "Traceback" not in got[2],
                 f"coop-py {' '.join(args)}: a message, no output")
for args in (["chess", "--scale", "0"], ["chess", "--scale", "x"], ["chess", "--what"]):
    got = coop_py(*args)
    checks.check(got[0] == 2 and got[1] == "" and got[2].strip(), f"coop-py {' '.join(args)}: exit 2")
# Long arguments: the same message, quoting at most 80 characters of each.
for args in (["run", "--" + "x" * 200, any_file], ["run", "--clock", "\x1b" * 100, any_file],
             ["run", "a" * 100 + ".json", "b\n" * 100]):
    want, got = coop(coop_exe, *args), coop_py(*args)
    checks.check((got[0], message(got[2])) == (want[0], message(want[2])),
                 f"coop-py {args[1][:20]!r}...: {got[0]} {got[2]!r}, coop: {want[0]} {want[2]!r}")
status, out, _ = coop_py("run", "--help")
checks.check(status == 0 and "techniques: " + " ".join(techniques.NAMES) in out, "coop-py run --help")

# The launcher as a program: Debian's interpreter, the same bytes as coop.
rendezvous = os.path.join(scenario_dir, "rendezvous.json")
done = subprocess.run([launcher, "run", rendezvous], capture_output=True, text=True)
checks.check((done.returncode, done.stdout) == coop(coop_exe, "run", rendezvous)[:2], "python/coop-py run")

# Output that cannot be written: status 1 and the system's reason, as coop.
for program in ([coop_exe], [launcher]):
    with open("/dev/full", "wb") as full:
        lost = subprocess.run([*program, "run", rendezvous], stdout=full, stderr=subprocess.PIPE, text=True)
    checks.check(lost.returncode == 1 and message(lost.stderr) == "cannot write the output: No space left on device",
                 f"{program[0]} run > /dev/full: {lost.returncode} {lost.stderr!r}")

# Without greenlet (python3 -S leaves out Debian's packages): a message naming
# the package, exit 1, and the other techniques still run.
hidden = subprocess.run(["/usr/bin/python3", "-S", launcher, "run", rendezvous],
                        capture_output=True, text=True)
checks.check(hidden.returncode == 1 and "python3-greenlet" in hidden.stderr and hidden.stdout == ""
             and "Traceback" not in hidden.stderr, f"no greenlet: {hidden.returncode} {hidden.stderr!r}")
hidden = subprocess.run(["/usr/bin/python3", "-S", launcher, "run", "--technique", "coroutines",
                         rendezvous], capture_output=True, text=True)
checks.check(hidden.returncode == 0 and hidden.stdout == done.stdout, "no greenlet: coroutines still run")
checks.done()
