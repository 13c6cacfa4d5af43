"""Counts for `mentor-desk info` and the status bar."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from typing import Any

from mentor_desk.queries.people import register_rows
from mentor_desk.queries.roadmap import roadmap_summary
from mentor_desk.queries.stats import pairs_summary


def summary(conn: sqlite3.Connection, today: date) -> dict[str, Any]:
    """The info report: participants, consents, pairs and the roadmap.

    Archived people are counted apart: the working figures are about the active register.
    "roadmap" counts all items of all roadmaps of the school by their shown status
    (queries.roadmap.roadmap_summary).
    """
    rows = register_rows(conn, today)
    active = [r for r in rows if not r.archived]
    roles = Counter[str]()
    for r in active:
        if r.is_mentor:
            roles["mentor"] += 1
        if r.is_mentee:
            roles["mentee"] += 1
        if r.is_mentor and r.is_mentee:
            roles["both"] += 1
        if not (r.is_mentor or r.is_mentee):
            roles["none"] += 1
    return {
        "participants": {
            "total": len(active),
            "archived": len(rows) - len(active),
            "by_category": dict(Counter(r.category.value for r in active)),
            "by_role": {k: roles[k] for k in ("mentor", "mentee", "both", "none")},
            "young_specialists": sum(r.young_specialist for r in active),
        },
        "consents": dict(Counter(r.consent.value for r in active)),
        "pairs": pairs_summary(conn),
        "roadmap": roadmap_summary(conn, today),
    }
