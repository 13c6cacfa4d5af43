"""The check that an order ending programs is not dated before the programs ended."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date

from mentor_desk.domain.dates import format_date
from mentor_desk.queries.documents import PairMember, pair_members
from mentor_desk.services.documents.registry import DocumentError


def _pair_label(members: Sequence[PairMember]) -> str:
    """«Смирнова О.П. — Иванов И.И. (7Б), Петров П.П. (7Б)»: a pair as a message names it."""
    mentor = members[0].name if members else "?"
    mentees = ", ".join(member.name for member in members[1:]) or "—"
    return f"{mentor} — {mentees}"


def check_ended_after(
    conn: sqlite3.Connection, ended: Mapping[int, date | None], issued_on: date, today: date
) -> None:
    """An order ending programs is not dated before the programs ended."""
    late = [mid for mid, on in ended.items() if on is not None and on > issued_on]
    if not late:
        return
    by_pair: dict[int, list[PairMember]] = {}
    for member in pair_members(conn, late, today):
        by_pair.setdefault(member.mentorship_id, []).append(member)
    named = "; ".join(
        f"{_pair_label(by_pair.get(mid, []))} (завершена {format_date(ended[mid])})" for mid in late
    )
    raise DocumentError(
        f"Дата приказа {format_date(issued_on)} раньше завершения программ: {named}. "
        "Приказ о завершении датируется не раньше дня, когда программы завершены"
    )
