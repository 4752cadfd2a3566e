"""Greenlets: each task a stackful greenlet switching to a hub, the twin of
fibers/ (C++)."""
