"""Counts for `mentor-desk info` and the status bar."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from typing import Any

from mentor_desk.domain.pairs import Form, Status
from mentor_desk.queries.people import register_rows
from mentor_desk.services.roadmap import roadmap_summary


def summary(conn: sqlite3.Connection, today: date) -> dict[str, Any]:
    """The info report: participants, consents, pairs and the roadmap.

    Archived people are counted apart: the working figures are about the active register.
    "roadmap" counts all items of all roadmaps of the school by their shown status
    (services.roadmap.roadmap_summary).
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


_GROUPS_SQL = """
    SELECT count(*) FROM (
        SELECT mentorship_id FROM mentorship_mentee GROUP BY mentorship_id HAVING count(*) > 1
    )
"""


def pairs_summary(conn: sqlite3.Connection) -> dict[str, Any]:
    """Pairs and groups in every status (ended ones too), by status and by form.

    Every status and every form is a key, with 0 where there is none, so a script can
    read any of them without checking.
    """
    by_status = dict.fromkeys((s.value for s in Status), 0)
    by_form = dict.fromkeys((f.value for f in Form), 0)
    total = 0
    for status, form, count in conn.execute(
        "SELECT status, form, count(*) FROM mentorship GROUP BY status, form"
    ):
        total += count
        if status in by_status:
            by_status[status] += count
        if form in by_form:
            by_form[form] += count
    (groups,) = conn.execute(_GROUPS_SQL).fetchone()
    return {"total": total, "groups": groups, "by_status": by_status, "by_form": by_form}
