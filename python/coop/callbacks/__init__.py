"""Continuation-passing callbacks: the twin of callbacks/ (C++)."""
