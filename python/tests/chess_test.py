"""`coop-py chess` against `coop chess`: the same simulated lengths (one game
after another, and the exhibition in every technique) and switches; and the
two claims docs/python.md makes about asyncio, run on asyncio itself.

usage: chess_test.py COOP_BINARY"""
import re
import sys

from support import Checks, coop, coop_py

from coop import techniques
from coop.chess import Exhibition
from coop.real_asyncio import count_coop_sleep_iterations, count_sleep_iterations, play_exhibition_on_asyncio

checks = Checks("coop-py chess")
ROW = re.compile(r"^\s+(\S+)\s+([\d,]+) s\s+[\d.]+ ms\s+([\d,]+)", re.M)


def rows(text):
    return {name: (int(s.replace(",", "")), int(n.replace(",", ""))) for name, s, n in ROW.findall(text)}


status, out, err = coop(sys.argv[1], "chess")
cpp = rows(out)
status, out, err = coop_py("chess")
py = rows(out)
checks.check(status == 0, f"coop-py chess exits {status}: {err}")
checks.check("The 4 techniques agree" in out, "coop-py chess: the techniques agree")
checks.check("synchronous" in cpp and "callbacks" in cpp, f"coop chess rows: {sorted(cpp)}")
checks.check(py.get("synchronous") == cpp.get("synchronous"), f"one game after another: {py.get('synchronous')}")
for name in techniques.NAMES:
    # Every cooperative version of coop chess plays the same schedule.
    checks.check(py.get(name) == cpp.get("callbacks"), f"{name}: {py.get(name)}, coop: {cpp.get('callbacks')}")
e = Exhibition()
checks.check(py.get("synchronous", (0,))[0] * 1000 == e.synchronous_length(), "synchronous: the arithmetic")
checks.check(py.get("callbacks", (0,))[0] * 1000 == e.asynchronous_length(), "exhibition: the arithmetic")

# asyncio: a task awaiting asyncio.sleep goes on one iteration after its
# timer's callback ran; on coop's loop, in the same iteration.
timer, went_on = count_sleep_iterations()
checks.check(went_on == timer + 1, f"asyncio.sleep: timer in iteration {timer}, the task in {went_on}")
timer, went_on = count_coop_sleep_iterations()
checks.check(went_on == timer, f"coop's sleep: timer in iteration {timer}, the task in {went_on}")

# The same async def table on asyncio's loop: a small exhibition, whose real
# length can only be longer than the schedule's (never shorter), and whose
# clock is a float.
small = Exhibition(tables=4, move_pairs=3, master_move=5_000, opponent_move=15_000)
simulated, real = play_exhibition_on_asyncio(small, scale=0.0002)
checks.check(isinstance(real, float), "asyncio's clock is a float")
checks.check(simulated * 1000 >= 0.99 * small.asynchronous_length(),
             f"asyncio: {simulated:.1f} s, the schedule needs {small.asynchronous_length() / 1000} s")
checks.done()
