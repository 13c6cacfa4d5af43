"""Display reads of the best practices (лучшие практики наставничества) of a year."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from mentor_desk.domain.pairs import Form

_FORMS = {f.value: f for f in Form}
_COLUMNS = "id, year_start, title, form, description, results, position"


def form_label(form: str) -> str:
    """«ученик – ученик» for a Form value, "" for none; an unknown value as it is stored."""
    known = _FORMS.get(form)
    return known.label if known is not None else form


@dataclass(frozen=True)
class PracticeRow:
    id: int
    year_start: int
    title: str
    form: str  # a domain.pairs.Form value, or "" when not given
    description: str
    results: str
    position: int

    @property
    def form_label(self) -> str:
        return form_label(self.form)


def practices(conn: sqlite3.Connection, year_start: int) -> list[PracticeRow]:
    """The year's practices in the curator's order."""
    return [
        PracticeRow(*row)
        for row in conn.execute(
            f"SELECT {_COLUMNS} FROM practice WHERE year_start = ? ORDER BY position, id",
            (year_start,),
        )
    ]


def practice(conn: sqlite3.Connection, practice_id: int) -> PracticeRow | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM practice WHERE id = ?", (practice_id,)).fetchone()
    return PracticeRow(*row) if row is not None else None


def practice_years(conn: sqlite3.Connection) -> list[int]:
    """The academic years (start years) that have a practice."""
    return [y for (y,) in conn.execute("SELECT DISTINCT year_start FROM practice ORDER BY 1")]
