"""The journal of issued documents as Файл → Журнал приказов shows it, and their pairs."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from mentor_desk.queries.documents import pair_lines


@dataclass(frozen=True)
class JournalRow:
    """One issued document; kind as stored (services.documents.DocKind's value)."""

    id: int
    kind: str
    number: str
    issued_on: date
    title: str
    pairs: int  # how many pairs and groups it names


@dataclass(frozen=True)
class JournalPair:
    """One pair or group a journal entry names, as it stands now."""

    mentor: str  # «Фамилия И.О.»
    mentees: list[str]  # «Фамилия И.О. (7Б)»
    form: str
    status: str  # «действует», «завершена», … or «удалена»


_JOURNAL_SQL = """
    SELECT d.id, d.kind, d.number, d.issued_on, d.title, count(p.mentorship_id)
    FROM issued_document d LEFT JOIN issued_document_pair p ON p.document_id = d.id
    GROUP BY d.id ORDER BY d.issued_on DESC, d.id DESC
"""
_PAIR_IDS_SQL = """
    SELECT mentorship_id FROM issued_document_pair WHERE document_id = ?
    ORDER BY mentorship_id
"""


def journal_rows(conn: sqlite3.Connection) -> list[JournalRow]:
    """Every issued document, newest first."""
    return [
        JournalRow(i, kind, number, date.fromisoformat(on), title, count)
        for i, kind, number, on, title, count in conn.execute(_JOURNAL_SQL).fetchall()
    ]


def pair_ids(conn: sqlite3.Connection, document_id: int) -> list[int]:
    """The pairs and groups a journal entry names."""
    return [mid for (mid,) in conn.execute(_PAIR_IDS_SQL, (document_id,)).fetchall()]


def read_pairs(conn: sqlite3.Connection, mentorship_ids: list[int]) -> list[JournalPair]:
    """The pairs and groups by id, mentors in alphabetical order; a deleted one says so."""
    lines = {line.id: line for line in pair_lines(conn, mentorship_ids)}
    found = [
        JournalPair(line.mentor, line.mentees, line.form.label, line.status.label)
        if line is not None
        else JournalPair("—", [], "", "удалена")
        for line in (lines.get(mid) for mid in mentorship_ids)
    ]
    found.sort(key=lambda pair: pair.mentor.casefold())
    return found


def entry_pairs(conn: sqlite3.Connection, document_id: int) -> list[JournalPair]:
    """The pairs and groups of a journal entry, as they stand now."""
    return read_pairs(conn, pair_ids(conn, document_id))


def stored_document(conn: sqlite3.Connection, document_id: int) -> tuple[str, str] | None:
    """(kind, payload as stored) of a journal entry, or None when there is no such entry."""
    row = conn.execute(
        "SELECT kind, payload FROM issued_document WHERE id = ?", (document_id,)
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else None


_APPROVAL_SQL = """
    SELECT number, issued_on FROM issued_document WHERE kind = ?
    AND json_valid(payload) AND json_extract(payload, '$.roadmap_id') = ?
    ORDER BY issued_on DESC, id DESC LIMIT 1
"""


def latest_approval(
    conn: sqlite3.Connection, kind: str, roadmap_id: int
) -> tuple[str, date] | None:
    """(number, date) of the latest entry of this kind whose data names the roadmap."""
    row = conn.execute(_APPROVAL_SQL, (kind, roadmap_id)).fetchone()
    return (row[0], date.fromisoformat(row[1])) if row else None
