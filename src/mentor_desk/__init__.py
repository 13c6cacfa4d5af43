"""Mentor Desk: the desktop workplace of a school's mentorship curator."""

__version__ = "0.1.0"
