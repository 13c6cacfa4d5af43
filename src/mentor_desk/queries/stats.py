"""Counts of pairs and groups for `mentor-desk info` and the status bar."""

from __future__ import annotations

import sqlite3
from typing import Any

from mentor_desk.domain.pairs import Form, Status

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
