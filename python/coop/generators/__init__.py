"""Generator functions yielding requests to a trampoline: the twin of
generators/ (C++)."""
