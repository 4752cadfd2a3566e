"""coop's four ways to suspend and resume, in Python: the twins of the C++
modules, on a loop with the same contract, giving the same traces.
docs/python.md is the guide."""
