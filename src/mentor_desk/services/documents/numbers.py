"""Order numbers: cleaned as printed, compared as one, unique within the calendar year."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import date

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.text import DASH_CLASS, fold
from mentor_desk.queries.documents import approving_numbers, numbers_used
from mentor_desk.services.documents.registry import DocKind


def clean_number(number: str) -> str:
    """The number as printed after «№»: spaces collapsed, a typed «№» dropped."""
    return " ".join(number.strip().lstrip("№").split())


# Latin letters that look like Cyrillic ones (after casefold: «45-O» typed with the English
# layout is «45-о»), and every dash and minus a keyboard or a word processor makes.
_LOOK_ALIKES = str.maketrans("abcehkmoptxy", "авсенкмортху")
_DASH = re.compile(rf"\s*{DASH_CLASS}\s*")


def normalize_number(number: str) -> str:
    """45-о, «№ 45-О», « 45-о », «45-o» (Latin o), «45–о», «45 - о»: one number.

    Case, spaces, ё, the sign №, Latin look-alikes of Cyrillic letters, the kind of dash
    and the spaces around it do not count.
    """
    folded = fold(number.replace("№", " ")).translate(_LOOK_ALIKES)
    return _DASH.sub("-", folded)


def _number_problem(
    number: str, issued_on: date, used: Iterable[tuple[int, str, date, str]], exclude: int | None
) -> str | None:
    shown = clean_number(number)
    key = normalize_number(number)
    if not key:
        return "Укажите номер приказа"
    for doc_id, other, other_date, title in used:
        if doc_id != exclude and normalize_number(other) == key:
            return (
                f"Номер {shown} уже использован в {issued_on.year} году: приказ от "
                f"{format_date(other_date)} «{title}». Выберите другой номер."
            )
    return None


_NUMBERED = tuple(kind.value for kind in DocKind if kind.numbered)


def _approved_problem(
    number: str, issued_on: date, approved: Iterable[tuple[str, date]]
) -> str | None:
    """The number already stands in the pairs as their approving order this year (an
    order recorded before the journal, or typed in by hand)."""
    key = normalize_number(number)
    for other, other_date in approved:
        if normalize_number(other) == key:
            return (
                f"Номер {clean_number(number)} уже использован в {issued_on.year} году: "
                f"приказом от {format_date(other_date)} утверждены пары и группы. "
                "Выберите другой номер."
            )
    return None


def check_number(
    conn: sqlite3.Connection, number: str, issued_on: date, *, exclude: int | None = None
) -> str | None:
    """Why this order number cannot be used (already used this calendar year), or None.

    Used: by an order of the journal (but `exclude`), or as the approving order of pairs
    (mentorship.order_number; but those of `exclude`). issue() asks the same in its
    transaction (on storage.database.session_connection).
    """
    used = [
        (i, n, on or issued_on, title)
        for i, n, on, title in numbers_used(conn, _NUMBERED, issued_on.year)
    ]
    problem = _number_problem(number, issued_on, used, exclude)
    if problem:
        return problem
    approved = approving_numbers(conn, issued_on.year, exclude)
    return _approved_problem(number, issued_on, ((n, on or issued_on) for n, on in approved))
