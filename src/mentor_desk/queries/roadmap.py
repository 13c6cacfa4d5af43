"""Display reads of the roadmap: the roadmaps, the checklist of one, who may be responsible.

Each line of the checklist comes with what it shows worked out by domain.roadmap: the
due date (set by hand, or derived from the deadline as written by
domain.deadlines.parse_deadline; a recurring item is due on its next occurrence) and the
shown status (просрочено when the due date has passed and the item is not done).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date
from typing import Any, NamedTuple

from mentor_desk.domain.deadlines import Deadline, DeadlineKind, parse_deadline
from mentor_desk.domain.participants import Category
from mentor_desk.domain.roadmap import ItemRow, ItemStatus, ShownStatus, item_due, shown_status
from mentor_desk.domain.text import person_order, short_name
from mentor_desk.queries.sql import day


class RoadmapInfo(NamedTuple):
    id: int
    title: str
    start_year: int
    end_year: int

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"


_ROADMAPS_SQL = "SELECT id, title, start_year, end_year FROM roadmap ORDER BY start_year, id"


def roadmaps(conn: sqlite3.Connection) -> list[RoadmapInfo]:
    """Every roadmap of the school, by period, then in the order they were made."""
    return [RoadmapInfo(*row) for row in conn.execute(_ROADMAPS_SQL)]


def template_of(conn: sqlite3.Connection, roadmap_id: int) -> str | None:
    """The key of the template a roadmap was made from ("" for none), None if it is gone."""
    row = conn.execute("SELECT template FROM roadmap WHERE id = ?", (roadmap_id,)).fetchone()
    return None if row is None else str(row[0] or "")


_PERIOD_SQL = "SELECT start_year, end_year FROM roadmap WHERE id = ?"
_ITEMS_SQL = """
    SELECT id, position, section, activity, deadline_text, due_on, responsible_text,
           expected_result, indicator, status, done_on, note
    FROM roadmap_item WHERE roadmap_id = ? ORDER BY position, id
"""
_PEOPLE_SQL = """
    SELECT r.item_id, p.id, p.last_name, p.first_name, p.middle_name
    FROM roadmap_responsible r
    JOIN roadmap_item i ON i.id = r.item_id
    JOIN participant p ON p.id = r.participant_id
    WHERE i.roadmap_id = ?
"""
_STATUSES = {s.value: s for s in ItemStatus}


def _parse(text: str, start_year: int, end_year: int) -> Deadline:
    try:
        return parse_deadline(text, start_year, end_year)
    except ValueError:  # a period the services refuse, written by some other program
        return Deadline(text, None, (), "срок не определён: период указан неверно",
                        DeadlineKind.UNDETERMINED)  # fmt: skip


def read_items(conn: sqlite3.Connection, roadmap_id: int, today: date) -> list[ItemRow]:
    """The roadmap's items in their order (an unknown roadmap has none)."""
    period = conn.execute(_PERIOD_SQL, (roadmap_id,)).fetchone()
    if period is None:
        return []
    start_year, end_year = period
    people: dict[int, list[tuple[int, str]]] = defaultdict(list)
    found = conn.execute(_PEOPLE_SQL, (roadmap_id,)).fetchall()
    for item_id, pid, last, first, middle in sorted(
        found, key=lambda r: person_order(r[2], r[3], r[4], r[1])
    ):
        people[item_id].append((pid, short_name(last, first, middle)))
    parsed: dict[str, Deadline] = {}
    rows = []
    for (
        item_id, position, section, activity, deadline_text, due_on, responsible_text,
        expected_result, indicator, status_value, done_on, note,
    ) in conn.execute(_ITEMS_SQL, (roadmap_id,)):  # fmt: skip
        deadline = parsed.get(deadline_text)
        if deadline is None:
            deadline = parsed[deadline_text] = _parse(deadline_text, start_year, end_year)
        hand_set = day(due_on)
        due, derived, explanation = item_due(hand_set, deadline, today)
        status = _STATUSES[status_value]
        rows.append(
            ItemRow(
                item_id,
                position,
                section,
                activity,
                deadline_text,
                due,
                derived,
                explanation,
                tuple(deadline.occurrences),
                people.get(item_id, []),
                responsible_text,
                expected_result,
                indicator,
                status,
                shown_status(status, due, today),
                day(done_on),
                note,
                hand_set is None and deadline.outside_period,
            )
        )
    return rows


_STAFF_CATEGORIES = tuple(c.value for c in Category if c.is_staff)
_STAFF_SQL = f"""
    SELECT id, last_name, first_name, middle_name FROM participant
    WHERE category IN ({", ".join("?" * len(_STAFF_CATEGORIES))}) AND archived_at IS NULL
"""


def staff(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """Who may be responsible: the active staff, as (id, «Фамилия И.О.»), by name."""
    found = conn.execute(_STAFF_SQL, _STAFF_CATEGORIES).fetchall()
    rows = sorted(found, key=lambda r: person_order(r[1], r[2], r[3], r[0]))
    return [(pid, short_name(last, first, middle)) for pid, last, first, middle in rows]


def roadmap_summary(conn: sqlite3.Connection, today: date) -> dict[str, Any]:
    """For `info --json`: all items of all roadmaps, by shown status (every key present)."""
    by_status = dict.fromkeys((s.value for s in ShownStatus), 0)
    total = 0
    for roadmap in roadmaps(conn):
        for item in read_items(conn, roadmap.id, today):
            total += 1
            by_status[item.shown.value] += 1
    return {"total": total, "by_status": by_status, "overdue": by_status["overdue"]}
