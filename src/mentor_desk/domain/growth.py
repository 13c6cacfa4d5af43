"""Monitoring, stage 2 (динамика результатов): who is measured, how a typed value is read,
and the growth of the mentees summarized by form of mentoring.

The паспорт программы наставничества «Путь к успеху!» (МБОУ «Ново-Идинская СОШ», Боханский
район) has the second stage of monitoring assess the growth of participants: parameters
chosen by the curator, measured at the start and at the end of the program.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from mentor_desk.domain.pairs import FORM_LABELS, Form
from mentor_desk.domain.participants import Category

# Who a parameter is measured for (services.monitoring.AUDIENCES): None is everyone.
AUDIENCE_CATEGORIES: dict[str, Category | None] = {
    "students": Category.STUDENT,
    "teachers": Category.TEACHER,
    "all": None,
}

# Typical parameters, offered as the curator types a new one: (name, audience).
SUGGESTED_PARAMETERS: tuple[tuple[str, str], ...] = (
    ("Средний балл", "students"),
    ("Мотивация к учёбе (1–10)", "students"),
    ("Участие в олимпиадах и конкурсах", "students"),
    ("Методическое мастерство (1–10)", "teachers"),
)

VALUE_LIMIT = 1e9  # no mark, score or count is that large: a bigger number is a typing slip


class GrowthValueError(ValueError):
    """A typed value that is not a number; the message is for the user."""


def fits_audience(category: Category, audience: str) -> bool:
    """Is a mentee of this category measured for a parameter of this audience?"""
    wanted = AUDIENCE_CATEGORIES.get(audience)
    return wanted is None or category is wanted


def parse_value(text: str) -> float | None:
    """A value as a curator types it: «4,5» or «4.5», spaces ignored; empty is None."""
    cleaned = "".join((text or "").split()).replace(",", ".").replace("\u2212", "-")
    if not cleaned:
        return None
    not_a_number = GrowthValueError(
        f"«{text.strip()}» — не число. Введите число, например 4,5 "
        "(дробную часть можно отделить запятой или точкой), или оставьте клетку пустой"
    )
    try:
        value = float(cleaned)
    except ValueError:
        raise not_a_number from None
    if not math.isfinite(value):
        raise not_a_number
    if abs(value) >= VALUE_LIMIT:
        raise GrowthValueError(f"Число «{text.strip()}» слишком велико: проверьте его")
    return value


def format_value(value: float | None, digits: int = 2, *, signed: bool = False) -> str:
    """A value as the tables show it: «4,5», «4», «+0,25»; None is empty. Rounded half up
    (0,625 → 0,63) from the shortest decimal that is the float, as a person would."""
    if value is None:
        return ""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no «−0»
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(".", ",")
    if signed and rounded > 0:
        text = "+" + text
    return text.replace("-", "\u2212")


class GrowthValues(Protocol):
    """One mentee's measurement of a parameter, as the summary reads it."""

    @property
    def form(self) -> str: ...  # the pair's form (domain.pairs.Form value)

    @property
    def start(self) -> float | None: ...

    @property
    def end(self) -> float | None: ...


@dataclass(frozen=True)
class GrowthValue:
    form: str
    start: float | None
    end: float | None


def growth_of(start: float | None, end: float | None) -> float | None:
    """The growth of one mentee: end minus start, when both were measured."""
    return None if start is None or end is None else end - start


@dataclass(frozen=True)
class FormGrowth:
    """The growth of one form of mentoring (or of all, form ""): `people` mentees in the
    table, `measured` of them with both values; the means are over the measured only and
    None when nobody was measured at both ends."""

    form: str
    people: int
    measured: int
    mean_start: float | None
    mean_end: float | None
    mean_growth: float | None

    @property
    def label(self) -> str:
        if not self.form:
            return "Все формы"
        known = {f.value: f for f in Form}.get(self.form)
        return FORM_LABELS[known] if known is not None else self.form


def _summary(form: str, rows: list[GrowthValues]) -> FormGrowth:
    pairs = [(r.start, r.end) for r in rows if r.start is not None and r.end is not None]
    if not pairs:
        return FormGrowth(form, len(rows), 0, None, None, None)
    n = len(pairs)
    mean_start = math.fsum(s for s, _ in pairs) / n
    mean_end = math.fsum(e for _, e in pairs) / n
    mean_growth = math.fsum(e - s for s, e in pairs) / n
    return FormGrowth(form, len(rows), n, mean_start, mean_end, mean_growth)


def summarize_growth(rows: Iterable[GrowthValues]) -> list[FormGrowth]:
    """The growth by form, forms in the order of domain.pairs.Form (unknown ones after, by
    name); only mentees measured at the start and at the end count in the means."""
    by_form: dict[str, list[GrowthValues]] = {}
    for row in rows:
        by_form.setdefault(row.form, []).append(row)
    order = {f.value: i for i, f in enumerate(Form)}
    forms = sorted(by_form, key=lambda f: (order.get(f, len(order)), f))
    return [_summary(form, by_form[form]) for form in forms]


def overall_growth(rows: Iterable[GrowthValues]) -> FormGrowth:
    """The growth of everyone in the table, whatever the form (form "")."""
    return _summary("", list(rows))
