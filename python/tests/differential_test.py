"""The random scenarios of the differential test (tests/random_scenarios.cpp)
through `coop run` and through each Python twin: the same trace, byte for
byte, and the same outcome.

usage: differential_test.py WRITE_RANDOM_SCENARIOS COOP_BINARY [COUNT [FIRST_SEED]]"""
import os
import subprocess
import sys
import tempfile

from support import Checks, coop

from coop import techniques
from coop.scenario import load_scenario_file

writer, coop_exe = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
first = int(sys.argv[4]) if len(sys.argv) > 4 else 1
checks = Checks(f"{count} random scenarios in coop and in Python")
missing = techniques.greenlet_missing()
if missing:
    print(missing)
    sys.exit(1)

with tempfile.TemporaryDirectory() as scratch:
    subprocess.run([writer, str(first), str(count), scratch], check=True)
    for seed in range(first, first + count):
        path = os.path.join(scratch, f"seed-{seed}.json")
        status, expected, err = coop(coop_exe, "run", path)
        checks.check(status in (0, 3), f"seed {seed}: coop run exits {status}: {err}")
        scenario = load_scenario_file(path)
        for name in techniques.NAMES:
            trace, ended = techniques.run(name, scenario)
            if not checks.check(trace.to_jsonl() == expected, f"seed {seed}: {name} differs from coop run"):
                got = trace.to_jsonl().splitlines()
                want = expected.splitlines()
                for i, (a, b) in enumerate(zip(got, want)):
                    if a != b:
                        print(f"  event {i + 1}: {name}: {a}\n  event {i + 1}: coop: {b}")
                        break
                print(f"  replay: {writer} {seed} 1 DIR; coop run DIR/seed-{seed}.json")
            checks.check((0 if ended else 3) == status, f"seed {seed}: {name}'s outcome")
checks.done()
