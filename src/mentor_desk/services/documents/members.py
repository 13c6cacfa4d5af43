"""Who the pairs of an order name, read on a connection or in the caller's session."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.participants import Category, ConsentState
from mentor_desk.domain.text import short_name
from mentor_desk.services.documents.registry import DocumentError

# Everyone a pair or group names: the mentor first (place 0), then the mentees in order.
_MEMBERS_SQL = """
    SELECT m.id, 0, p.id, p.last_name, p.first_name, p.middle_name, p.category,
           p.class_name, p.birth_date, p.consent_status, p.consent_date, p.consent_signer,
           p.representative_name
    FROM mentorship m JOIN participant p ON p.id = m.mentor_id
    WHERE m.id IN (SELECT value FROM json_each(:ids))
    UNION ALL
    SELECT mm.mentorship_id, 1 + mm.position, p.id, p.last_name, p.first_name, p.middle_name,
           p.category, p.class_name, p.birth_date, p.consent_status, p.consent_date,
           p.consent_signer, p.representative_name
    FROM mentorship_mentee mm JOIN participant p ON p.id = mm.participant_id
    WHERE mm.mentorship_id IN (SELECT value FROM json_each(:ids))
"""


@dataclass(frozen=True)
class Member:
    mentorship_id: int
    id: int
    name: str  # «Фамилия И.О.», a student with the class: «Иванов И.И. (7Б)»
    consent: ConsentState


Rows = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]


def read_members(rows: Rows, mentorship_ids: Sequence[int], today: date) -> list[Member]:
    """The people of these pairs, pair by pair in the order given, each pair's mentor
    first; `rows` runs the query (on a connection, or in the caller's session)."""
    from mentor_desk.domain.participants import ConsentStatus, consent_state

    wanted = list(dict.fromkeys(mentorship_ids))
    order = {mid: index for index, mid in enumerate(wanted)}
    found = sorted(
        rows(_MEMBERS_SQL, {"ids": json.dumps(wanted)}),
        key=lambda r: (order.get(r[0], len(order)), r[1], r[2]),
    )
    members = []
    for mid, _, pid, last, first, middle, cat, cls, birth, status, on, signer, rep in found:
        name = short_name(last, first, middle)
        if Category(cat) is Category.STUDENT and cls:
            name = f"{name} ({cls})"
        state = consent_state(
            ConsentStatus(status), any_day(on), rep, any_day(birth), today, signer=signer
        )
        members.append(Member(mid, pid, name, state))
    return members


def any_day(value: date | str | None) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def on_connection(conn: sqlite3.Connection) -> Rows:
    return lambda sql, params: conn.execute(sql, params).fetchall()


def in_session(session: Session) -> Rows:
    from sqlalchemy import text

    return lambda sql, params: session.execute(text(sql), params).all()


def _pair_label(members: Sequence[Member]) -> str:
    """«Смирнова О.П. — Иванов И.И. (7Б), Петров П.П. (7Б)»: a pair as a message names it."""
    mentor = members[0].name if members else "?"
    mentees = ", ".join(member.name for member in members[1:]) or "—"
    return f"{mentor} — {mentees}"


def check_ended_after(
    rows: Rows, ended: Mapping[int, date | None], issued_on: date, today: date
) -> None:
    """An order ending programs is not dated before the programs ended."""
    late = [mid for mid, on in ended.items() if on is not None and on > issued_on]
    if not late:
        return
    by_pair: dict[int, list[Member]] = {}
    for member in read_members(rows, late, today):
        by_pair.setdefault(member.mentorship_id, []).append(member)
    named = "; ".join(
        f"{_pair_label(by_pair.get(mid, []))} (завершена {format_date(ended[mid])})" for mid in late
    )
    raise DocumentError(
        f"Дата приказа {format_date(issued_on)} раньше завершения программ: {named}. "
        "Приказ о завершении датируется не раньше дня, когда программы завершены"
    )
