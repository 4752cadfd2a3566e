"""Every public scenario in one Python technique gives exactly its expected
trace (tests/scenarios/*.trace.jsonl) and outcome; so does the chess
exhibition written by hand in that technique.

usage: scenarios_test.py TECHNIQUE SCENARIO_DIR"""
import os
import sys

from support import Checks, public_scenarios, read_jsonl

from coop import techniques
from coop.chess import Exhibition
from coop.loop import Loop
from coop.scenario import load_scenario_file
from coop.trace import Trace

technique, scenario_dir = sys.argv[1], sys.argv[2]
checks = Checks(f"scenarios in {technique}")
missing = techniques.greenlet_missing() if technique == "greenlets" else None
if missing:
    print(missing)
    sys.exit(1)

for path in public_scenarios(scenario_dir):
    name = os.path.basename(path)
    with open(path[: -len(".json")] + ".trace.jsonl") as f:
        expected = read_jsonl(f.read())
    trace, ended = techniques.run(technique, load_scenario_file(path))
    got = read_jsonl(trace.to_jsonl())
    if not checks.check(got == expected, f"{name}: the trace differs from the expected one"):
        for i, (a, b) in enumerate(zip(got, expected)):
            if a != b:
                print(f"  event {i + 1}: got {a}\n  expected {b}")
                break
        else:
            print(f"  {len(got)} events, expected {len(expected)}")
    stalled = bool(expected) and expected[-1]["event"] == "stalled"
    checks.check(ended == (not stalled), f"{name}: outcome {'ended' if ended else 'stalled'}")

# The exhibition written by hand gives the chess scenario's trace.
with open(os.path.join(scenario_dir, "chess-exhibition.trace.jsonl")) as f:
    expected = read_jsonl(f.read())
loop, trace = Loop(), Trace()
techniques.chess(technique).play_exhibition(Exhibition(), loop, trace)
checks.check(read_jsonl(trace.to_jsonl()) == expected, "chess.py: the trace of chess-exhibition.json")
checks.check(loop.now() == Exhibition().asynchronous_length(), f"chess.py: ends at {loop.now()} ms")
checks.done()
