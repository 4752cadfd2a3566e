"""Every Python technique once, in the order of cli/techniques.hpp: the
runner and the tests go through this list."""
import importlib

NAMES = ("callbacks", "generators", "coroutines", "greenlets")


def interpreter(name):
    return importlib.import_module(f"coop.{name}.interpreter")


def chess(name):
    return importlib.import_module(f"coop.{name}.chess")


def greenlet_missing():
    """The message to show if the greenlet module cannot be imported."""
    from .greenlets.runtime import MISSING, greenlet

    return MISSING if greenlet is None else None


def run(name, scenario, clock="virtual"):
    """Runs `scenario` in one technique on a fresh loop: (trace, every
    spawned task ended?)."""
    from .loop import Loop
    from .trace import Trace

    trace = Trace()
    ended = interpreter(name).run(scenario, Loop(clock), trace)
    return trace, ended
