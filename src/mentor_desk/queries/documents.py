"""The pairs and groups as the documents name them: mentor → mentees, form, state, order."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mentor_desk.domain.pairs import Form, Status
from mentor_desk.domain.text import fold, short_name
from mentor_desk.queries.sql import IN_IDS, day, ids_param


@dataclass(frozen=True)
class PairLine:
    """One pair or group: «Фамилия И.О.» of the mentor, the mentees with their classes."""

    id: int
    mentor: str
    mentees: list[str]  # «Фамилия И.О. (7Б)»
    form: Form
    status: Status
    order_number: str
    order_date: date | None


_PAIRS_SQL = """
    SELECT id, mentor_id, form, status, order_number, order_date FROM mentorship
    WHERE (:all_ids OR id IN (SELECT value FROM json_each(:ids)))
      AND (:status IS NULL OR status = :status)
"""
_MENTEES_SQL = f"""
    SELECT mentorship_id, participant_id FROM mentorship_mentee
    WHERE mentorship_id IN {IN_IDS} ORDER BY position, participant_id
"""
_PEOPLE_SQL = f"""
    SELECT id, last_name, first_name, middle_name, class_name FROM participant
    WHERE id IN {IN_IDS}
"""


def pair_lines(
    conn: sqlite3.Connection,
    ids: Sequence[int] | None = None,
    *,
    status: Status | None = None,
) -> list[PairLine]:
    """The pairs and groups asked for (by default all), of a status if given, by the
    mentor's name then id; an id not in the register is left out."""
    found = conn.execute(
        _PAIRS_SQL,
        {"all_ids": ids is None, "ids": ids_param(ids or ()),
         "status": status.value if status else None},
    ).fetchall()  # fmt: skip
    members: dict[int, list[int]] = defaultdict(list)
    for mid, pid in conn.execute(_MENTEES_SQL, (ids_param(row[0] for row in found),)):
        members[mid].append(pid)
    everyone = {row[1] for row in found} | {p for ps in members.values() for p in ps}
    names: dict[int, tuple[str, str]] = {
        pid: (short_name(last, first, middle), class_name or "")
        for pid, last, first, middle, class_name in conn.execute(
            _PEOPLE_SQL, (ids_param(everyone),)
        )
    }

    def name(pid: int, with_class: bool = False) -> str:
        shown, class_name = names.get(pid, ("?", ""))
        return f"{shown} ({class_name})" if with_class and class_name else shown

    lines = [
        PairLine(mid, name(mentor), [name(p, True) for p in members.get(mid, [])], Form(form),
                 Status(state), number or "", day(on))
        for mid, mentor, form, state, number, on in found
    ]  # fmt: skip
    lines.sort(key=lambda line: (fold(line.mentor), line.id))
    return lines
