"""Best practices (лучшие практики наставничества, кейсы): the curator's descriptions of what
worked well in a year, for the analytic report and the municipality's database of practices.

add/edit/delete/move, each refused with a PracticeError in Russian; they take an ORM
session inside the caller's transaction (one user action, one transaction). The reads for
display are in queries.practices.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentor_desk.domain.pairs import Form
from mentor_desk.domain.text import fold
from mentor_desk.storage.models import Practice

TITLE_MAX = 200
TEXT_MAX = 4000
FORMS = frozenset(f.value for f in Form)
YEAR_RANGE = range(2000, 2101)  # academic start years the app can mean

# Control characters other than the line breaks splitlines() already took: a NUL or a
# vertical tab pasted from another program would break the PDF and the bundle's CSV.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class PracticeError(ValueError):
    """A best-practice action that the rules refuse; the message is for the user."""


def clean_line(text: str | None) -> str:
    """One line: control characters dropped, runs of spaces as one."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def clean_text(text: str | None) -> str:
    """Paragraphs kept: each line cleaned, at most one empty line between paragraphs,
    none at the start or the end."""
    lines: list[str] = []
    for raw in (text or "").splitlines():
        line = clean_line(raw)
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _limited(text: str, limit: int, what: str, them: str) -> str:
    if len(text) > limit:
        raise PracticeError(
            f"{what} — не более {limit} знаков, сейчас {len(text)}: сократите {them}"
        )
    return text


def _fields(title: str, form: str, description: str, results: str) -> dict[str, str]:
    name = _limited(clean_line(title), TITLE_MAX, "Название практики", "его")
    if not name:
        raise PracticeError("Введите название практики")
    chosen = (form.value if isinstance(form, Form) else str(form or "")).strip()
    if chosen and chosen not in FORMS:
        raise PracticeError(
            f"Неизвестная форма наставничества «{clean_line(chosen)[:60]}»: выберите её из списка"
        )
    return {
        "title": name,
        "form": chosen,
        "description": _limited(clean_text(description), TEXT_MAX, "Описание практики", "его"),
        "results": _limited(clean_text(results), TEXT_MAX, "Результаты практики", "их"),
    }


def _year(year_start: int) -> int:
    if isinstance(year_start, bool) or not isinstance(year_start, int):
        raise PracticeError("Учебный год практики указан неверно")
    if year_start not in YEAR_RANGE:
        raise PracticeError(f"Учебный год {year_start}/{year_start + 1} вне допустимых границ")
    return year_start


def _year_rows(session: Session, year_start: int) -> list[Practice]:
    return list(
        session.scalars(
            select(Practice)
            .where(Practice.year_start == year_start)
            .order_by(Practice.position, Practice.id)
        )
    )


def _check_free_title(rows: list[Practice], title: str, exclude: int | None = None) -> None:
    """Two practices of a year with one name would read as one in the municipality's list."""
    if any(fold(p.title) == fold(title) for p in rows if p.id != exclude):
        raise PracticeError(f"Практика «{title}» в этом учебном году уже есть")


def _practice(session: Session, practice_id: int) -> Practice:
    practice = session.get(Practice, practice_id)
    if practice is None:
        raise PracticeError("Практика не найдена (возможно, её уже удалили)")
    return practice


def add_practice(
    session: Session,
    year_start: int,
    title: str,
    form: str = "",
    description: str = "",
    results: str = "",
) -> int:
    """A new practice at the end of the year's list; returns its id."""
    fields = _fields(title, form, description, results)
    rows = _year_rows(session, _year(year_start))
    _check_free_title(rows, fields["title"])
    practice = Practice(
        year_start=year_start,
        position=max((p.position for p in rows), default=-1) + 1,
        **fields,
    )
    session.add(practice)
    session.flush()
    return practice.id


def edit_practice(
    session: Session,
    practice_id: int,
    title: str,
    form: str = "",
    description: str = "",
    results: str = "",
) -> bool:
    """Store what the editor holds; returns whether anything changed."""
    practice = _practice(session, practice_id)
    fields = _fields(title, form, description, results)
    _check_free_title(_year_rows(session, practice.year_start), fields["title"], practice.id)
    changed = False
    for key, value in fields.items():
        if getattr(practice, key) != value:
            setattr(practice, key, value)
            changed = True
    return changed


def delete_practice(session: Session, practice_id: int) -> None:
    session.delete(_practice(session, practice_id))
    session.flush()


def move_practice(session: Session, practice_id: int, offset: int) -> int:
    """Move a practice `offset` places down the year's list (negative: up), stopping at
    either end; the list is numbered 0, 1, 2… again. Returns its new place."""
    practice = _practice(session, practice_id)
    rows = _year_rows(session, practice.year_start)
    at = next(i for i, p in enumerate(rows) if p.id == practice.id)
    to = min(max(at + offset, 0), len(rows) - 1)
    rows.insert(to, rows.pop(at))
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
    return to
